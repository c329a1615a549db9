using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Benchmarks.Contracts;

/// <summary>The four ways to copy contract 1's aggregate that workload 2 compares.</summary>
public static class ContractsCases
{
    public static readonly string[] All = ["ef-today", "hand-sql", "object-mode", "set-mode"];

    public static Task RunAsync(string name, ContractsDatabase database) => name switch
    {
        "ef-today" => EfTodayAsync(database),
        "hand-sql" => HandSql.RunAsync(database),
        "object-mode" => ObjectModeAsync(database),
        "set-mode" => SetModeAsync(database),
        _ => throw new ArgumentException($"Unknown case '{name}'. Cases: {string.Join(", ", All)}."),
    };

    /// <summary>
    /// EF as a careful user writes it today: load the aggregate untracked with split queries (plain AsNoTracking: EF 10
    /// refuses identity resolution with a JSON column, "Projecting queryable operations on JSON collection is not
    /// supported for 'NoTrackingWithIdentityResolution'"; each row is reached once here, so nothing is lost),
    /// zero every key, attach the shared people, point each section at its parent's instance, give the root and the
    /// top-level sections free "(copy)" names computed in C#, add the root, save.
    /// </summary>
    private static async Task EfTodayAsync(ContractsDatabase database)
    {
        await using var db = database.CreateContext();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var contract = await db.Contracts.AsNoTracking()
            .Include(c => c.Owner)
            .Include(c => c.Sections).ThenInclude(s => s.Lines)
            .Include(c => c.Sections).ThenInclude(s => s.Notes)
            .Include(c => c.Sections).ThenInclude(s => s.Assignments)
            .AsSplitQuery()
            .SingleAsync(c => c.Id == 1);

        // Names under the unique indexes: the first free "(copy)" name, as the library computes it.
        var prefix = contract.Name + " (copy";
        var rootNames = await db.Documents.Where(d => d.Name.StartsWith(prefix)).Select(d => d.Name).ToListAsync();
        contract.Name = FirstFree(contract.Name, new HashSet<string>(rootNames, StringComparer.Ordinal));
        var topNames = new HashSet<string>(await db.Sections.Where(s => s.ParentId == null).Select(s => s.Name).ToListAsync(), StringComparer.Ordinal);

        db.Entry(contract.Owner).State = EntityState.Unchanged;
        var byId = contract.Sections.ToDictionary(s => s.Id);
        foreach (var section in contract.Sections)
        {
            section.Parent = section.ParentId is { } parent ? byId[parent] : null;
        }

        contract.Id = 0;
        foreach (var section in contract.Sections)
        {
            if (section.ParentId is null)
            {
                section.Name = FirstFree(section.Name, topNames);
                topNames.Add(section.Name);
            }

            section.Id = 0;
            section.ParentId = null;
            section.ContractId = 0;
            foreach (var line in section.Lines)
            {
                line.SectionId = 0;
            }

            foreach (var note in section.Notes)
            {
                note.Id = 0;
                note.SectionId = 0;
            }

            foreach (var assignment in section.Assignments)
            {
                assignment.SectionId = 0;
            }
        }

        db.Add(contract);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
    }

    private static string FirstFree(string value, HashSet<string> taken)
    {
        for (var n = 1; ; n++)
        {
            var candidate = n == 1 ? value + " (copy)" : $"{value} (copy {n})";
            if (!taken.Contains(candidate))
            {
                return candidate;
            }
        }
    }

    private static async Task ObjectModeAsync(ContractsDatabase database)
    {
        await using var db = database.CreateContext();
        var contract = await db.Contracts.SingleAsync(c => c.Id == 1);
        await db.CloneAndSaveAsync(contract, o => o.Aggregate());
    }

    private static async Task SetModeAsync(ContractsDatabase database)
    {
        await using var db = database.CreateContext();
        await db.Contracts.Where(c => c.Id == 1).ExecuteCloneAsync(o => o.Aggregate());
    }
}
