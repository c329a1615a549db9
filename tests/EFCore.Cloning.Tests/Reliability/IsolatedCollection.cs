namespace EFCore.Cloning.Tests.Reliability;

/// <summary>
/// Tests that run alone, after the others: their figures are the whole process's (memory), or they count every
/// PostgreSQL command the process sends (Npgsql's tracing carries no database name when a command starts).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class IsolatedCollection
{
    public const string Name = "Isolated";
}
