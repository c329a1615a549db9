using EFCore.Cloning.Samples.Model;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Samples;

/// <summary>docs/relationships.md: clone, share, link and skip, per navigation.</summary>
public static class RelationshipsSample
{
    public static async Task RunAsync(TextWriter output)
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        await using (var seed = PlannerContext.CreateInMemory(connection))
        {
            var ada = new User { Email = "ada@example.com" };
            var urgent = new Tag { Name = "urgent" };
            var project = new Project { Name = "Apollo", Owner = ada };
            var design = new TaskItem { Title = "Design", Project = project, Tags = [urgent] };
            var build = new TaskItem { Title = "Build", Project = project, Parent = design, Tags = [urgent] };
            design.Comments.Add(new Comment { Body = "Start here", Author = ada });
            project.Tasks.AddRange([design, build]);
            seed.Add(project);
            await seed.SaveChangesAsync();
        }

        await using var db = PlannerContext.CreateInMemory(connection);
        var apollo = await db.Projects.SingleAsync();
        var runs = new (string Name, Action<CloneOptionsBuilder<Project>>? Options)[]
        {
            ("plain: the row only", null),
            ("Aggregate(): tasks, comments, tag links", o => o.Aggregate()),
            ("Include(Tasks) + Link(Tags), no comments", o => o.Include(p => p.Tasks).Entity<TaskItem>(t => t.Link(x => x.Tags))),
            ("Aggregate() but Skip(Comments)", o => o.Aggregate().Entity<TaskItem>(t => t.Skip(x => x.Comments))),
        };

        var rows = new List<IReadOnlyList<object?>>();
        foreach (var (name, options) in runs)
        {
            var result = await db.CloneAndSaveAsync(apollo, options);
            rows.Add([name, result.Tables.GetValueOrDefault("Projects"), result.Tables.GetValueOrDefault("Tasks"), result.Tables.GetValueOrDefault("Comments"), result.Tables.GetValueOrDefault("TaskTags")]);
        }

        Table.Write(output, ["options", "projects", "tasks", "comments", "tag links"], rows);
        var tags = await db.Tags.CountAsync();
        var owners = await db.Projects.Select(p => p.OwnerId).Distinct().CountAsync();
        var copies = await db.Tasks.Where(t => t.ParentId != null).Select(t => new { t.ProjectId, ParentProject = t.Parent!.ProjectId }).ToListAsync();
        output.WriteLine($"tags: {tags} (shared, never copied); owners: {owners} (shared); every copied task's parent is in its own project: {copies.All(c => c.ProjectId == c.ParentProject)}");

        await ModelConfigurationAsync(output);
    }

    /// <summary>A folder tree whose children the model says to clone; a per-call Skip overrides the model.</summary>
    private static async Task ModelConfigurationAsync(TextWriter output)
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        await using var db = new FoldersContext(new DbContextOptionsBuilder<FoldersContext>().UseSqlite(connection).Options);
        await db.Database.EnsureCreatedAsync();
        var docs = new Folder { Name = "docs", Label = new Label { Text = "public" } };
        var guide = new Folder { Name = "guide", Parent = docs, Label = docs.Label };
        db.AddRange(docs, guide, new Folder { Name = "api", Parent = docs }, new Folder { Name = "images", Parent = guide });
        await db.SaveChangesAsync();

        var tree = await db.CloneAndSaveAsync(docs);                                  // the model: Children cloned, Label shared
        var alone = await db.CloneAndSaveAsync(docs, o => o.Skip(f => f.Children));   // per call beats the model
        output.WriteLine($"model (HasCloneStrategy Clone): {tree.Tables["Folders"]} folders copied; per call Skip(Children): {alone.Tables["Folders"]} folder copied");

        db.ChangeTracker.Clear();
        var all = await db.Folders.AsNoTracking().OrderBy(f => f.Id).ToListAsync();
        Table.Write(output, ["id", "name", "parent", "label"], all.Select(f => (IReadOnlyList<object?>)[f.Id, f.Name, f.ParentId, f.LabelId]));
    }

    public sealed class Folder
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";

        public int? ParentId { get; set; }

        public Folder? Parent { get; set; }

        public List<Folder> Children { get; set; } = [];

        public int? LabelId { get; set; }

        public Label? Label { get; set; }
    }

    public sealed class Label
    {
        public int Id { get; set; }

        public string Text { get; set; } = "";
    }

    public sealed class FoldersContext(DbContextOptions<FoldersContext> options) : DbContext(options)
    {
        public DbSet<Folder> Folders => Set<Folder>();

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<Folder>(b =>
            {
                // An optional self-reference: no convention clones it, so the model says to. The label is a principal: shared.
                b.HasOne(f => f.Parent).WithMany(f => f.Children).HasForeignKey(f => f.ParentId);
                b.Navigation(f => f.Children).HasCloneStrategy(CloneStrategy.Clone);
                b.Navigation(f => f.Label).HasCloneStrategy(CloneStrategy.Share);
            });
        }
    }
}
