namespace EFCore.Cloning;

/// <summary>Progress of a set-mode clone: the table being copied and how far along the whole operation is.</summary>
/// <param name="Table">The table just copied (schema-qualified where it has a schema).</param>
/// <param name="TableRows">Rows copied into <paramref name="Table"/> by this step.</param>
/// <param name="RowsDone">Rows copied so far, over all tables.</param>
/// <param name="RowsTotal">Rows the whole operation copies.</param>
public sealed record CloneProgress(string Table, long TableRows, long RowsDone, long RowsTotal);
