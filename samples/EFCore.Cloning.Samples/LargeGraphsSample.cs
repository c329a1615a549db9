using EFCore.Cloning.Samples.Model;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Samples;

/// <summary>
/// docs/large-graphs.md: set mode. The query selects the roots; the copies are made inside the database without
/// loading entities, with Copies(n), progress, and a result with the key mapping.
/// </summary>
public static class LargeGraphsSample
{
    public static async Task RunAsync(TextWriter output)
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        await using var db = PlannerContext.CreateInMemory(connection);
        await QuickstartSample.SeedAsync(db);
        db.ChangeTracker.Clear();

        var progress = new SynchronousProgress(p => output.WriteLine($"progress: {p.Table,-8} +{p.TableRows,-3} {p.RowsDone,3}/{p.RowsTotal}"));
        CloneResult result = await db.Projects
            .Where(p => p.Name == "Apollo")
            .ExecuteCloneAsync(o => o
                .Aggregate()
                .Copies(3)
                .ReportProgress(progress)
                .MapAllRows());

        Table.Write(output, ["table", "copied"], result.Tables.Select(t => (IReadOnlyList<object?>)[t.Key, t.Value]));
        Table.Write(output, ["entity", "original key", "copy key", "copy number"],
            result.Roots.Select(r => (IReadOnlyList<object?>)[r.Entity, r.OriginalKey, r.CopyKey, r.CopyNumber]));
        output.WriteLine($"{result.TotalRows} rows copied; MapAllRows mapped {result.Rows?.Count} of them");

        var names = await db.Projects.OrderBy(p => p.Id).Select(p => p.Name).ToListAsync();
        output.WriteLine($"projects: {string.Join(", ", names)}");

        // A value computed from the original is an expression: EF translates it, and the database computes it for every copy.
        await db.Projects.Where(p => p.Name == "Apollo").ExecuteCloneAsync(o => o.Set(p => p.Name, original => original.Name + " v2"));
        output.WriteLine($"projects after a clone with a computed name: {string.Join(", ", await db.Projects.OrderBy(p => p.Id).Select(p => p.Name).ToListAsync())}");

        // What EF cannot translate (a C# method of your own) is refused before anything is written: object mode runs it.
        try
        {
            await db.Projects.ExecuteCloneAsync(o => o.Set(p => p.Name, original => Shout(original.Name)));
        }
        catch (CloneException exception)
        {
            output.WriteLine($"Set with a C# method: {exception.Message}");
        }

        output.WriteLine($"projects after the refused clone: {await db.Projects.CountAsync()}");
    }

    /// <summary>
    /// Reports on the caller's thread. <see cref="Progress{T}"/> posts to the thread pool, so its lines can arrive
    /// after the clone has returned; fine for a progress bar, not for a transcript.
    /// </summary>
    private sealed class SynchronousProgress(Action<CloneProgress> report) : IProgress<CloneProgress>
    {
        public void Report(CloneProgress value) => report(value);
    }

    private static string Shout(string name) => name.ToUpperInvariant() + "!";
}
