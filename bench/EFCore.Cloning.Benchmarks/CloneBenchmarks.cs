using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace EFCore.Cloning.Benchmarks;

/// <summary>The four approaches at 1,000 tasks (13,001 rows) on SQLite, under BenchmarkDotNet with memory diagnostics.</summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, warmupCount: 1, iterationCount: 5)]
public class CloneBenchmarks
{
    private Database _database = null!;

    [GlobalSetup]
    public void Setup() => _database = Database.CreateAsync("sqlite", 1000, null).GetAwaiter().GetResult();

    [IterationSetup]
    public void Reset() => _database.ResetAsync().GetAwaiter().GetResult();

    [Benchmark(Baseline = true)]
    public Task EfToday() => Cases.RunAsync("ef-today", _database);

    [Benchmark]
    public Task Floor() => Cases.RunAsync("floor", _database);

    [Benchmark]
    public Task ObjectMode() => Cases.RunAsync("object-mode", _database);

    [Benchmark]
    public Task SetMode() => Cases.RunAsync("set-mode", _database);
}
