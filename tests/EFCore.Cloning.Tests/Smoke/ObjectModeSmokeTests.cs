using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Tests.Smoke;

public sealed class ObjectModeSmokeTests : IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private readonly DbContextOptions<SmokeContext> _options;

    public ObjectModeSmokeTests()
    {
        _connection.Open();
        _options = new DbContextOptionsBuilder<SmokeContext>().UseSqlite(_connection).Options;
        using var db = new SmokeContext(_options);
        db.Database.EnsureCreated();
        var owner = new User { Email = "a@x" };
        db.Add(owner);
        db.SaveChanges();
        var tags = new[] { new Tag { Name = "red" }, new Tag { Name = "blue" } };
        var project = new Project { Name = "Apollo", Owner = owner, Logo = [1, 2, 3], Address = new Address { City = "Paris", Lines = ["a", "b"] } };
        for (var i = 0; i < 5; i++)
        {
            var item = new WorkItem { Title = $"t{i}", Project = project, Tags = [tags[i % 2]] };
            item.Notes.Add(new Note { Body = "n", AuthorId = owner.Id });
            project.Items.Add(item);
        }

        db.Add(project);
        db.SaveChanges();
        var items = db.Items.OrderBy(i => i.Id).ToList();
        for (var i = 2; i < items.Count; i++)
        {
            items[i].ParentId = items[i - 2].Id;
        }

        db.SaveChanges();
    }

    public void Dispose() => _connection.Dispose();

    [Fact]
    public async Task Aggregate_clone_copies_tree_notes_and_links_and_remaps_parents()
    {
        using (var db = new SmokeContext(_options))
        {
            var project = db.Projects.Single();
            var result = await db.CloneAndSaveAsync(project, o => o.Aggregate());
            Assert.NotEqual(project.Id, result.Copy.Id);
            Assert.Equal("Apollo (copy)", result.Copy.Name);
            Assert.Equal(EntityState.Unchanged, db.Entry(project).State);
            Assert.Equal(5, result.Tables["Items"]);
        }

        using (var db = new SmokeContext(_options))
        {
            Assert.Equal(2, db.Projects.Count());
            Assert.Equal(2, db.Tags.Count());
            var copy = db.Projects.Include(p => p.Items).ThenInclude(i => i.Tags).Include(p => p.Items).ThenInclude(i => i.Notes).Single(p => p.Name == "Apollo (copy)");
            Assert.Equal(5, copy.Items.Count);
            Assert.Equal("Paris", copy.Address.City);
            Assert.Equal(["a", "b"], copy.Address.Lines);
            Assert.Equal([1, 2, 3], copy.Logo);
            var copyIds = copy.Items.Select(i => i.Id).ToHashSet();
            Assert.All(copy.Items.Where(i => i.ParentId != null), i => Assert.Contains(i.ParentId!.Value, copyIds));
            Assert.Equal(3, copy.Items.Count(i => i.ParentId != null));
            Assert.All(copy.Items, i => Assert.Single(i.Tags));
            Assert.All(copy.Items, i => Assert.Single(i.Notes));
            Assert.Equal(20, db.Set<Dictionary<string, object>>("TagWorkItem").Count() * 2);
        }
    }

    [Fact]
    public async Task Plain_clone_copies_the_row_only_and_shares_the_owner()
    {
        using var db = new SmokeContext(_options);
        var project = db.Projects.Single();
        var copy = await db.CloneAsync(project, o => o.Set(p => p.Name, "Gemini"));
        Assert.Equal(EntityState.Added, db.Entry(copy).State);
        Assert.NotSame(project.Logo, copy.Logo);
        Assert.NotSame(project.Address, copy.Address);
        Assert.NotSame(project.Address.Lines, copy.Address.Lines);
        await db.SaveChangesAsync();
        Assert.Equal(project.OwnerId, copy.OwnerId);
        Assert.Equal(5, db.Items.Count());
        Assert.Equal("Gemini", db.Projects.AsNoTracking().Single(p => p.Id == copy.Id).Name);
    }

    [Fact]
    public async Task Second_clone_gets_numbered_suffix()
    {
        using var db = new SmokeContext(_options);
        var project = db.Projects.Single();
        await db.CloneAndSaveAsync(project);
        var second = await db.CloneAndSaveAsync(project);
        Assert.Equal("Apollo (copy 2)", second.Copy.Name);
    }
}
