using EFCore.Cloning.Samples.Model;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Samples;

/// <summary>
/// The quick start: a project with a tree of tasks, comments and tag links on embedded SQLite, duplicated as a
/// whole with one call, and what was copied printed as a table.
/// </summary>
public static class QuickstartSample
{
    public static async Task RunAsync(TextWriter output)
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        await using (var db = PlannerContext.CreateInMemory(connection))
        {
            await SeedAsync(db);
        }

        var before = await CountAsync(connection);
        CloneResult<Project> result;
        await using (var db = PlannerContext.CreateInMemory(connection))
        {
            var apollo = await db.Projects.SingleAsync(p => p.Name == "Apollo");

            // The whole aggregate: tasks (required, cascade) with their comments, tag links; the owner and tags are shared.
            result = await db.CloneAndSaveAsync(apollo, o => o.Aggregate());
            output.WriteLine($"Cloned project {apollo.Id} '{apollo.Name}' into project {result.Copy.Id} '{result.Copy.Name}' in {result.Elapsed.TotalMilliseconds:0} ms.");
        }

        var after = await CountAsync(connection);
        output.WriteLine();
        Table.Write(output, ["table", "rows before", "rows after", "copied"], before.Keys.Select(t => (IReadOnlyList<object?>)[t, before[t], after[t], result.Tables.GetValueOrDefault(t)]));
        output.WriteLine();
        Table.Write(output, ["entity", "original key", "copy key"], result.Roots.Select(r => (IReadOnlyList<object?>)[r.Entity, r.OriginalKey, r.CopyKey]));

        await using (var db = PlannerContext.CreateInMemory(connection))
        {
            var copy = await db.Tasks.Where(t => t.ProjectId == result.Copy.Id).ToListAsync();
            var copiedIds = copy.Select(t => t.Id).ToHashSet();
            var intoCopy = copy.Count(t => t.ParentId is null || copiedIds.Contains(t.ParentId.Value));
            output.WriteLine();
            output.WriteLine($"{intoCopy} of {copy.Count} copied tasks have their parent inside the copy (none points back into the original).");
        }
    }

    /// <summary>Ada's project Apollo: 12 tasks in a tree, 2 comments and 2 tag links each.</summary>
    internal static async Task SeedAsync(PlannerContext db)
    {
        var ada = new User { Email = "ada@example.com" };
        var tags = new[] { new Tag { Name = "backend" }, new Tag { Name = "urgent" }, new Tag { Name = "design" } };
        var project = new Project { Name = "Apollo", Owner = ada };
        for (var i = 0; i < 12; i++)
        {
            var task = new TaskItem { Title = $"Task {i + 1}", Position = i, Project = project, Tags = [tags[i % 3], tags[(i + 1) % 3]] };
            task.Comments.Add(new Comment { Body = "Looks good", Author = ada });
            task.Comments.Add(new Comment { Body = "Ship it", Author = ada });
            if (i >= 3)
            {
                task.Parent = project.Tasks[i / 3 - 1];
            }

            project.Tasks.Add(task);
        }

        db.Add(project);
        await db.SaveChangesAsync();
    }

    private static async Task<Dictionary<string, long>> CountAsync(SqliteConnection connection)
    {
        var counts = new Dictionary<string, long>();
        foreach (var table in new[] { "Users", "Tags", "Projects", "Tasks", "Comments", "TaskTags" })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT count(*) FROM \"{table}\"";
            counts[table] = (long)(await command.ExecuteScalarAsync())!;
        }

        return counts;
    }
}
