namespace EFCore.Cloning.Tool;

/// <summary>What the user asked for on the command line (or in a plan file), before it is checked against the schema.</summary>
internal sealed record CloneRequest(
    string Table,
    string? Where,
    string? Id,
    bool Aggregate,
    IReadOnlyList<string> Include,
    IReadOnlyList<string> Share,
    IReadOnlyList<string> Skip,
    IReadOnlyList<string> Set,
    int Copies)
{
    /// <summary><c>--reset column</c> (or <c>table.column</c>): copies get the column's default.</summary>
    public IReadOnlyList<string> Reset { get; init; } = [];

    /// <summary><c>--fresh-defaults</c>: every column whose default is volatile (now(), a sequence, random) gets a fresh value.</summary>
    public bool FreshDefaults { get; init; }

    /// <summary><c>--mask table.column=kind</c>: the value copies get instead of the original's, made from it.</summary>
    public IReadOnlyList<string> Mask { get; init; } = [];

    /// <summary><c>--fk "orders.customer_ref -> customers.code"</c>: relationships the schema does not declare.</summary>
    public IReadOnlyList<string> ForeignKeys { get; init; } = [];

    /// <summary><c>copy --with-parents</c>: bring the principal rows the copy points at that the target lacks (a copy option, not saved in plan files).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool WithParents { get; init; }
}
