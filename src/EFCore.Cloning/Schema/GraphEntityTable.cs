namespace EFCore.Cloning.Schema;

/// <summary>A table that stores (part of) an entity's rows, and which column holds each property there.</summary>
internal sealed class GraphEntityTable
{
    public GraphEntityTable(GraphTable table, TableRole role, IReadOnlyDictionary<GraphProperty, string> columns)
    {
        Table = table;
        Role = role;
        Columns = columns;
    }

    public GraphTable Table { get; }

    public TableRole Role { get; }

    /// <summary>The column of each property stored in this table (key properties included).</summary>
    public IReadOnlyDictionary<GraphProperty, string> Columns { get; }

    public string ColumnOf(GraphProperty property) =>
        Columns.TryGetValue(property, out var column)
            ? column
            : throw new InvalidOperationException($"Property '{property}' has no column in table '{Table}'.");
}

/// <summary>What a table is to the entity it stores.</summary>
internal enum TableRole
{
    /// <summary>The table where a row's key is made (the only table, a TPH table, or a TPT hierarchy's base table).</summary>
    Main,

    /// <summary>A TPT derived type's table: its rows reuse the key of the base table's row.</summary>
    Extension,

    /// <summary>A TPC concrete type's table: holds whole rows; keys are unique across the hierarchy's tables.</summary>
    Concrete,

    /// <summary>The owner's table, for an owned type stored in its owner's row (copied with that row).</summary>
    Embedded,
}
