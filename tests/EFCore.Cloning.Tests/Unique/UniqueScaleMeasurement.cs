using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using EFCore.Cloning.Tests.Infrastructure;
using Xunit.Abstractions;

namespace EFCore.Cloning.Tests.Unique;

/// <summary>
/// A measurement, not a test: with EFCLONE_UNIQUE_BENCH set, set mode clones 10,000 documents with unique names into a
/// table of 100,000 (twice: no copies yet, then with every name's copy taken), and 500 codes of a 12-character column
/// among 100,000; it prints times, managed allocations and statement counts (figures in docs/benchmarks.md).
/// </summary>
public abstract class UniqueScaleMeasurement(ITestOutputHelper output) : UniqueTest
{
    [Fact]
    public async Task Clone_10000_unique_names_into_100000()
    {
        if (Environment.GetEnvironmentVariable("EFCLONE_UNIQUE_BENCH") is null)
        {
            return;
        }

        await SeedAsync("Docs", "\"FolderId\", \"TenantId\", \"Name\"", "1, 1, 'Document number ' || CAST(i AS text)", 100_000);
        await SeedAsync("Codes", "\"Value\"", "'C' || CAST(i AS text)", 100_000);
        await ExecuteAsync(Database.IsPostgres ? """ANALYZE "Docs"; ANALYZE "Codes" """ : "ANALYZE");

        // The process's first clone builds the model and compiles the library: not part of any figure.
        await ExecuteAsync("""INSERT INTO "Tags" ("Name") VALUES ('warm-up')""");
        await MeasureAsync("warm-up", db => db.Tags.ExecuteCloneAsync());
        await MeasureAsync("10,000 docs into 100,000, first copies", db => db.Docs.Where(d => d.Id <= 10_000).ExecuteCloneAsync());
        await MeasureAsync("10,000 docs into 110,000, their copies taken", db => db.Docs.Where(d => d.Id <= 10_000).ExecuteCloneAsync());
        await MeasureAsync("500 codes (max length 12) among 100,000", db => db.Codes.Where(c => c.Id <= 500).ExecuteCloneAsync());
    }

    private async Task MeasureAsync(string name, Func<UniqueContext, Task<CloneResult>> clone)
    {
        var counter = new StatementRecorder();
        using var loggers = counter.Factory();
        var options = new DbContextOptionsBuilder<UniqueContext>((DbContextOptions<UniqueContext>)Database.Options<UniqueContext>()).UseLoggerFactory(loggers);
        await using var db = new UniqueContext(options.Options);
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var result = await clone(db);
        clock.Stop();
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{Provider}: {name}: {clock.Elapsed.TotalMilliseconds:F0} ms, {allocated / 1024} KiB allocated, {result.TotalRows} rows, {counter.Statements.Count} statements, {counter.Statements.Count(s => s.Contains("_u0_0", StringComparison.Ordinal))} naming the unique step's tables"));
    }
}

public sealed class SqliteUniqueScaleMeasurement(ITestOutputHelper output) : UniqueScaleMeasurement(output)
{
    protected override string Provider => "sqlite";
}

public sealed class PostgresUniqueScaleMeasurement(ITestOutputHelper output) : UniqueScaleMeasurement(output)
{
    protected override string Provider => "postgres";
}
