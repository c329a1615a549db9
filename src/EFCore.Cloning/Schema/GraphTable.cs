namespace EFCore.Cloning.Schema;

/// <summary>A database table: the unit set mode copies with one <c>INSERT ... SELECT</c>.</summary>
internal sealed class GraphTable
{
    public GraphTable(string? schema, string name, IReadOnlyList<GraphColumn> columns, IReadOnlyList<string> primaryKey)
    {
        Schema = schema;
        Name = name;
        Columns = columns;
        PrimaryKey = primaryKey;
    }

    public string? Schema { get; }

    public string Name { get; }

    /// <summary>Every column, in the table's order.</summary>
    public IReadOnlyList<GraphColumn> Columns { get; }

    /// <summary>The primary key's column names.</summary>
    public IReadOnlyList<string> PrimaryKey { get; }

    public GraphColumn? FindColumn(string name) => Columns.FirstOrDefault(c => c.Name == name);

    public override string ToString() => Schema is null ? Name : $"{Schema}.{Name}";
}
