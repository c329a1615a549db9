using EFCore.Cloning.Samples.Model;
using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Benchmarks;

/// <summary>The four ways to copy project 1's aggregate that the benchmark compares.</summary>
public static class Cases
{
    public static readonly string[] All = ["ef-today", "floor", "object-mode", "set-mode"];

    public static Task RunAsync(string name, Database database) => name switch
    {
        "ef-today" => EfTodayAsync(database),
        "floor" => FloorAsync(database),
        "object-mode" => ObjectModeAsync(database),
        "set-mode" => SetModeAsync(database),
        _ => throw new ArgumentException($"Unknown case '{name}'. Cases: {string.Join(", ", All)}."),
    };

    /// <summary>
    /// EF as a careful user writes it today: load the aggregate untracked with identity resolution, zero every key,
    /// attach the shared rows, point each task at its parent's new instance, add the root, save.
    /// </summary>
    private static async Task EfTodayAsync(Database database)
    {
        await using var db = database.CreateContext();
        var project = await db.Projects.AsNoTrackingWithIdentityResolution()
            .Include(p => p.Owner)
            .Include(p => p.Tasks).ThenInclude(t => t.Comments)
            .Include(p => p.Tasks).ThenInclude(t => t.Tags)
            .AsSplitQuery()
            .SingleAsync(p => p.Id == 1);

        db.Entry(project.Owner).State = EntityState.Unchanged;
        foreach (var tag in project.Tasks.SelectMany(t => t.Tags).Distinct())
        {
            db.Entry(tag).State = EntityState.Unchanged;
        }

        var byId = project.Tasks.ToDictionary(t => t.Id);
        foreach (var task in project.Tasks)
        {
            task.Parent = task.ParentId is { } parent ? byId[parent] : null;
        }

        project.Id = 0;
        project.Name += " (copy)";
        foreach (var task in project.Tasks)
        {
            task.Id = 0;
            task.ParentId = null;
            task.ProjectId = 0;
            foreach (var comment in task.Comments)
            {
                comment.Id = 0;
                comment.TaskItemId = 0;
            }
        }

        db.Add(project);
        await db.SaveChangesAsync();
    }

    /// <summary>
    /// The floor: the same rows inserted by one INSERT ... SELECT per table with no key mapping (tasks keep their
    /// project and parent, comments their task; tag links move by a constant offset so that their key stays unique).
    /// </summary>
    private static async Task FloorAsync(Database database)
    {
        await using var connection = database.Connect();
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        async Task<long> Run(string sql)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            command.CommandTimeout = 3600;
            return Convert.ToInt64(await command.ExecuteScalarAsync() ?? 0L);
        }

        await Run("INSERT INTO \"Projects\" (\"Name\", \"OwnerId\", \"CreatedAt\") SELECT \"Name\" || ' (floor)', \"OwnerId\", \"CreatedAt\" FROM \"Projects\" WHERE \"Id\" = 1");
        var before = await Run("SELECT max(\"Id\") FROM \"Tasks\"");
        await Run("INSERT INTO \"Tasks\" (\"ProjectId\", \"ParentId\", \"Title\", \"Position\") SELECT \"ProjectId\", \"ParentId\", \"Title\", \"Position\" FROM \"Tasks\" WHERE \"ProjectId\" = 1 ORDER BY \"Id\"");
        await Run("INSERT INTO \"Comments\" (\"TaskItemId\", \"AuthorId\", \"Body\") SELECT c.\"TaskItemId\", c.\"AuthorId\", c.\"Body\" FROM \"Comments\" c JOIN \"Tasks\" t ON c.\"TaskItemId\" = t.\"Id\" WHERE t.\"ProjectId\" = 1 AND t.\"Id\" <= " + before);
        var offset = await Run("SELECT max(\"Id\") FROM \"Tasks\"") - before;
        await Run($"INSERT INTO \"TaskTags\" (\"TasksId\", \"TagsId\") SELECT l.\"TasksId\" + {offset}, l.\"TagsId\" FROM \"TaskTags\" l JOIN \"Tasks\" t ON l.\"TasksId\" = t.\"Id\" WHERE t.\"ProjectId\" = 1 AND t.\"Id\" <= {before}");
        await transaction.CommitAsync();
    }

    private static async Task ObjectModeAsync(Database database)
    {
        await using var db = database.CreateContext();
        var project = await db.Projects.SingleAsync(p => p.Id == 1);
        await db.CloneAndSaveAsync(project, o => o.Aggregate());
    }

    private static async Task SetModeAsync(Database database)
    {
        await using var db = database.CreateContext();
        await db.Projects.Where(p => p.Id == 1).ExecuteCloneAsync(o => o.Aggregate());
    }
}
