using EFCore.Cloning.Benchmarks.Contracts;

namespace EFCore.Cloning.Benchmarks;

/// <summary>One benchmark workload: its database at a size, its cases, and the checks a measured run must pass.</summary>
public interface IWorkload
{
    /// <summary>"planner" (workload 1, DESIGN.md §5) or "contracts" (workload 2).</summary>
    string Name { get; }

    string[] Cases { get; }

    /// <summary>The cases that go through the change tracker, run up to 10,000 only.</summary>
    string[] TrackerCases { get; }

    long ExpectedRows(int size);

    /// <summary>Creates and seeds a fresh database of this size.</summary>
    Task<IWorkloadDatabase> CreateAsync(string provider, int size, string? server);

    /// <summary>Opens an existing seeded database (in a case's child process).</summary>
    IWorkloadDatabase Open(string provider, string connection, int size);
}

public interface IWorkloadDatabase
{
    string ConnectionString { get; }

    Task ResetAsync();

    /// <summary>Creates a context and resolves its services, writing nothing.</summary>
    Task TouchContextAsync();

    Task<long> TotalAsync();

    Task RunAsync(string name);

    /// <summary>Throws if the copy a case made is wrong; returns a fingerprint of the copy's rows, or null where none is taken.</summary>
    Task<string?> CheckAsync(string name);
}

public static class Workloads
{
    public static readonly IWorkload[] All = [new PlannerWorkload(), new ContractsWorkload()];

    public static IWorkload Find(string name)
        => All.FirstOrDefault(w => w.Name == name)
           ?? throw new ArgumentException($"Unknown workload '{name}'. Workloads: {string.Join(", ", All.Select(w => w.Name))}.");
}

/// <summary>Workload 2 (contracts): TPT root, unique names, a section tree, composite keys, JSON, a payload many-to-many.</summary>
public sealed class ContractsWorkload : IWorkload
{
    public string Name => "contracts";

    public string[] Cases => ContractsCases.All;

    public string[] TrackerCases => ["ef-today", "object-mode"];

    public long ExpectedRows(int size) => ContractsDatabase.ExpectedRows(size);

    public async Task<IWorkloadDatabase> CreateAsync(string provider, int size, string? server)
        => new Handle(await ContractsDatabase.CreateAsync(provider, size, server));

    public IWorkloadDatabase Open(string provider, string connection, int size)
        => new Handle(new ContractsDatabase(new Database(provider, connection), size));

    private sealed class Handle(ContractsDatabase database) : IWorkloadDatabase
    {
        public string ConnectionString => database.Database.ConnectionString;

        public Task ResetAsync() => database.ResetAsync();

        public async Task TouchContextAsync()
        {
            await using var context = database.CreateContext();
            _ = context.Model;
        }

        public Task<long> TotalAsync() => database.TotalAsync();

        public Task RunAsync(string name) => ContractsCases.RunAsync(name, database);

        public async Task<string?> CheckAsync(string name) => await ContractsChecks.CheckAsync(database, name);
    }
}
