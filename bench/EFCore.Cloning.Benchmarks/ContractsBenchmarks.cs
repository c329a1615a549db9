using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace EFCore.Cloning.Benchmarks;

/// <summary>
/// Workload 2 (contracts: TPT, unique names, a tree, composite keys, a JSON column, a payload many-to-many) at 1,000
/// sections (13,002 rows) on SQLite, under BenchmarkDotNet with memory diagnostics: object mode's hot paths (the
/// direct save with its JSON documents, the copies' build) against ef-today and the hand-written SQL.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, warmupCount: 1, iterationCount: 5)]
public class ContractsBenchmarks
{
    private IWorkloadDatabase _database = null!;

    [GlobalSetup]
    public void Setup() => _database = Workloads.Find("contracts").CreateAsync("sqlite", 1000, null).GetAwaiter().GetResult();

    [IterationSetup]
    public void Reset() => _database.ResetAsync().GetAwaiter().GetResult();

    [Benchmark(Baseline = true)]
    public Task EfToday() => _database.RunAsync("ef-today");

    [Benchmark]
    public Task HandSql() => _database.RunAsync("hand-sql");

    [Benchmark]
    public Task ObjectMode() => _database.RunAsync("object-mode");

    [Benchmark]
    public Task SetMode() => _database.RunAsync("set-mode");
}
