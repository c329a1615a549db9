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
    }
}
