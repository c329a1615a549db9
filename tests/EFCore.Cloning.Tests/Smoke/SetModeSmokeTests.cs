using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Tests.Smoke;

public sealed class SetModeSmokeTests : IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private readonly DbContextOptions<SmokeContext> _options;

    public SetModeSmokeTests()
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
    public async Task Aggregate_set_mode_copies_tree_notes_links_with_copies()
    {
        using (var db = new SmokeContext(_options))
        {
            var progress = new List<CloneProgress>();
            var result = await db.Projects.Where(p => p.Name == "Apollo").ExecuteCloneAsync(o => o.Aggregate().Copies(2).ReportProgress(new SyncProgress(progress)));
            Assert.Equal(2, result.Roots.Count);
            Assert.Equal(10, result.Tables["Items"]);
            Assert.Equal(10, result.Tables["Notes"]);
            Assert.Equal(10, result.Tables["TagWorkItem"]);
            Assert.NotEmpty(progress);
            Assert.Equal(progress[^1].RowsTotal, progress[^1].RowsDone);
        }

        using (var db = new SmokeContext(_options))
        {
            Assert.Equal(3, db.Projects.Count());
            Assert.Equal(2, db.Tags.Count());
            var names = db.Projects.Select(p => p.Name).OrderBy(n => n).ToList();
            Assert.Equal(["Apollo", "Apollo (copy 2)", "Apollo (copy)"], names);
            foreach (var copy in db.Projects.Include(p => p.Items).ThenInclude(i => i.Tags).Include(p => p.Items).ThenInclude(i => i.Notes).Where(p => p.Name != "Apollo").ToList())
            {
                Assert.Equal(5, copy.Items.Count);
                Assert.Equal("Paris", copy.Address.City);
                Assert.Equal([1, 2, 3], copy.Logo);
                var ids = copy.Items.Select(i => i.Id).ToHashSet();
                Assert.Equal(3, copy.Items.Count(i => i.ParentId != null));
                Assert.All(copy.Items.Where(i => i.ParentId != null), i => Assert.Contains(i.ParentId!.Value, ids));
                Assert.All(copy.Items, i => Assert.Single(i.Tags));
                Assert.All(copy.Items, i => Assert.Single(i.Notes));
            }
        }
    }

    private sealed class SyncProgress(List<CloneProgress> reports) : IProgress<CloneProgress>
    {
        public void Report(CloneProgress value) => reports.Add(value);
    }
}
