using EFCore.Cloning.Samples.Model;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Samples;

/// <summary>docs/clone-a-row.md: Django's <c>obj.pk = None; obj.save()</c>, the EF way.</summary>
public static class CloneARowSample
{
    public static async Task RunAsync(TextWriter output)
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        await using var db = PlannerContext.CreateInMemory(connection);
        db.Add(new Project { Name = "Apollo", Owner = new User { Email = "ada@example.com" } });
        await db.SaveChangesAsync();

        var apollo = await db.Projects.SingleAsync(p => p.Name == "Apollo");

        // One call: a new row with a new key, tracked as Added; SaveChanges inserts it.
        var copy = await db.CloneAsync(apollo);
        output.WriteLine($"before SaveChanges: copy is {db.Entry(copy).State}, original is {db.Entry(apollo).State}");
        await db.SaveChangesAsync();

        // Or clone and save in one transaction, with the result of the operation.
        var result = await db.CloneAndSaveAsync(apollo, o => o.Set(p => p.Name, "Gemini"));

        var rows = await db.Projects.AsNoTracking().OrderBy(p => p.Id).ToListAsync();
        Table.Write(output, ["id", "name", "owner"], rows.Select(p => (IReadOnlyList<object?>)[p.Id, p.Name, p.OwnerId]));
        output.WriteLine($"CloneAndSaveAsync copied {result.TotalRows} row(s): project {result.Roots[0].OriginalKey} -> {result.Roots[0].CopyKey}");
    }
}
