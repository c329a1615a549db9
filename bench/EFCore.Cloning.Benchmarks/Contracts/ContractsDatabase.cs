using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Benchmarks.Contracts;

/// <summary>Workload 2's database: created through EF, seeded set-based (one contract with <c>sections</c> sections), reset between cases.</summary>
public sealed class ContractsDatabase(Database database, int sections)
{
    /// <summary>Rows one copy adds: the Documents and Contracts rows, and per section itself, 5 lines, 5 notes, 2 assignments.</summary>
    public static long ExpectedRows(int sections) => 2 + 13L * sections;

    public Database Database { get; } = database;

    public int Sections { get; } = sections;

    public bool IsPostgres => Database.IsPostgres;

    public ContractsContext CreateContext()
    {
        var options = new DbContextOptionsBuilder<ContractsContext>();
        if (IsPostgres)
        {
            options.UseNpgsql(Database.ConnectionString, o => o.CommandTimeout(3600));
        }
        else
        {
            options.UseSqlite(Database.ConnectionString, o => o.CommandTimeout(3600));
        }

        var context = new ContractsContext(options.Options);

        // A profiled run (bench/run.sh --profile) times every statement, EF's and the library's, at the provider.
        if (Profiler.Current is { } profiler)
        {
            SqliteProfileHook.Attach(context.Database.GetDbConnection(), profiler);
        }

        return context;
    }

    public static async Task<ContractsDatabase> CreateAsync(string provider, int sections, string? server)
    {
        var database = new ContractsDatabase(await Database.CreateEmptyAsync(provider, $"contracts_{sections}", server), sections);
        await using (var context = database.CreateContext())
        {
            await context.Database.EnsureCreatedAsync();
        }

        await database.SeedAsync();
        return database;
    }

    /// <summary>
    /// Ten top-level sections, every later one under an earlier one; per section five lines with JSON attributes, five
    /// notes by shared people and two assignments (a reviewer and an approver) with their payload.
    /// </summary>
    private async Task SeedAsync()
    {
        var now = IsPostgres ? "now()" : "CURRENT_TIMESTAMP";
        var addedOn = IsPostgres ? "timestamptz '2026-01-15 09:30:00+00'" : "'2026-01-15 09:30:00'";
        var json = IsPostgres
            ? "jsonb_build_object('Quantity', l.v * 2, 'Taxable', l.v % 2 = 0, 'Unit', CASE l.v % 3 WHEN 0 THEN 'h' WHEN 1 THEN 'pcs' ELSE 'kg' END)"
            : "json_object('Quantity', l.v * 2, 'Taxable', json(CASE l.v % 2 WHEN 0 THEN 'true' ELSE 'false' END), 'Unit', CASE l.v % 3 WHEN 0 THEN 'h' WHEN 1 THEN 'pcs' ELSE 'kg' END)";
        var amount = IsPostgres ? "((s.\"Id\" * 7 + l.v) % 1000 + 0.25)::numeric(18,2)" : "CAST(((s.\"Id\" * 7 + l.v) % 1000 + 0.25) AS TEXT)";
        string[] statements =
        [
            $"INSERT INTO \"People\" (\"Id\", \"Email\") SELECT v, 'person' || v || '@example.com' FROM {Database.Numbers("s", "100")}",
            $"INSERT INTO \"Documents\" (\"Id\", \"Name\", \"OwnerId\", \"CreatedAt\") VALUES (1, 'Master services agreement', 1, {now})",
            $"INSERT INTO \"Contracts\" (\"Id\", \"Value\", \"Currency\") VALUES (1, {(IsPostgres ? "125000.50" : "'125000.5'")}, 'EUR')",
            $"INSERT INTO \"Sections\" (\"Id\", \"ContractId\", \"ParentId\", \"Name\", \"Position\") SELECT v, 1, CASE WHEN v <= 10 THEN NULL ELSE 1 + (v * 7919) % (v - 1) END, 'Section ' || v, v FROM {Database.Numbers("s", "@n")}",
            $"INSERT INTO \"Lines\" (\"SectionId\", \"LineNo\", \"Text\", \"Amount\", \"Attributes\") SELECT s.\"Id\", l.v, 'Line ' || l.v || ' of section ' || s.\"Id\", {amount}, {json} FROM \"Sections\" s, {Database.Numbers("l", "5")}",
            $"INSERT INTO \"Notes\" (\"Id\", \"SectionId\", \"AuthorId\", \"Body\") SELECT (s.\"Id\" - 1) * 5 + c.v, s.\"Id\", 1 + (s.\"Id\" + c.v) % 100, 'Note ' || c.v || ' on section ' || s.\"Id\" FROM \"Sections\" s, {Database.Numbers("c", "5")}",
            $"INSERT INTO \"Assignments\" (\"SectionId\", \"PersonId\", \"Role\", \"AddedOn\") SELECT \"Id\", 1 + \"Id\" % 100, 'reviewer', {addedOn} FROM \"Sections\" UNION ALL SELECT \"Id\", 1 + (\"Id\" + 50) % 100, 'approver', {addedOn} FROM \"Sections\"",
        ];
        await Database.SeedAsync(statements, Sections, ["People", "Documents", "Sections", "Notes"]);
    }

    /// <summary>Removes every copy, so that each case starts from the seeded database.</summary>
    public async Task ResetAsync()
    {
        await using var connection = Database.Connect();
        await connection.OpenAsync();
        var n = Sections;
        await Database.Execute(connection, $"DELETE FROM \"Assignments\" WHERE \"SectionId\" > {n}");
        await Database.Execute(connection, $"DELETE FROM \"Notes\" WHERE \"Id\" > {n * 5}");
        await Database.Execute(connection, $"DELETE FROM \"Lines\" WHERE \"SectionId\" > {n}");
        // Parents go first: SQLite checks RESTRICT row by row, so the tree is cut before it is deleted.
        await Database.Execute(connection, $"UPDATE \"Sections\" SET \"ParentId\" = NULL WHERE \"Id\" > {n}");
        await Database.Execute(connection, $"DELETE FROM \"Sections\" WHERE \"Id\" > {n}");
        await Database.Execute(connection, "DELETE FROM \"Contracts\" WHERE \"Id\" > 1");
        await Database.Execute(connection, "DELETE FROM \"Documents\" WHERE \"Id\" > 1");
        await Database.AnalyzeAsync();
    }

    public Task<long> TotalAsync() => Database.CountAsync(
        "SELECT (SELECT count(*) FROM \"Documents\") + (SELECT count(*) FROM \"Contracts\") + (SELECT count(*) FROM \"Sections\")"
        + " + (SELECT count(*) FROM \"Lines\") + (SELECT count(*) FROM \"Notes\") + (SELECT count(*) FROM \"Assignments\")");
}
