namespace EFCore.Cloning.Tool;

/// <summary>What the user asked for on the command line, before it is checked against the schema.</summary>
internal sealed record CloneRequest(
    string Table,
    string? Where,
    string? Id,
    bool Aggregate,
    IReadOnlyList<string> Include,
    IReadOnlyList<string> Share,
    IReadOnlyList<string> Skip,
    IReadOnlyList<string> Set,
    int Copies);
