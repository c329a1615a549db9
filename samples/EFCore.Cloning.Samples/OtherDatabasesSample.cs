using EFCore.Cloning.Samples.Model;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Samples;

/// <summary>
/// docs/other-databases.md: Into(target). Apollo is read from one database and copied, with its tasks, comments and tag
/// links, into another; the owner and tags it shares must be there, or come along with copyMissingPrincipals.
/// </summary>
public static class OtherDatabasesSample
{
    public static async Task RunAsync(TextWriter output)
    {
        await using var sourceConnection = new SqliteConnection("Data Source=:memory:");
        await using var targetConnection = new SqliteConnection("Data Source=:memory:");
        await sourceConnection.OpenAsync();
        await targetConnection.OpenAsync();
        await using var source = PlannerContext.CreateInMemory(sourceConnection);
        await using var target = PlannerContext.CreateInMemory(targetConnection);
        await QuickstartSample.SeedAsync(source);
        source.ChangeTracker.Clear();

        var apollo = await source.Projects.SingleAsync(p => p.Name == "Apollo");
        try
        {
            await source.CloneAndSaveAsync(apollo, o => o.Aggregate().Into(target));
        }
        catch (CloneException exception)
        {
            output.WriteLine($"Without the shared rows: {exception.Message}");
        }

        output.WriteLine($"projects in the target after the refused copy: {await target.Projects.CountAsync()}");

        // The owner and the tags come along with their own keys; the project, tasks and comments get the target's keys.
        var result = await source.CloneAndSaveAsync(apollo, o => o.Aggregate().Into(target, copyMissingPrincipals: true));
        output.WriteLine($"Copied project {apollo.Id} '{apollo.Name}' into the target as project {result.Copy.Id} '{result.Copy.Name}', tracked there as {target.Entry(result.Copy).State}.");
        Table.Write(output, ["table", "copied"], result.Tables.Select(t => (IReadOnlyList<object?>)[t.Key, t.Value]));
        output.WriteLine($"target: {await target.Users.CountAsync()} user, {await target.Tags.CountAsync()} tags, {await target.Tasks.CountAsync()} tasks, "
                         + $"{await target.Comments.CountAsync()} comments; source: {await source.Projects.CountAsync()} project, {await source.Tasks.CountAsync()} tasks");

        // Set mode: every root the query selects, streamed through staging tables on the target.
        var copied = await source.Projects.Where(p => p.Name == "Apollo").ExecuteCloneAsync(o => o.Aggregate().Into(target));
        var names = await target.Projects.OrderBy(p => p.Id).Select(p => p.Name).ToListAsync();
        output.WriteLine($"set mode copied {copied.TotalRows} rows; target projects: {string.Join(", ", names)}");
    }
}
