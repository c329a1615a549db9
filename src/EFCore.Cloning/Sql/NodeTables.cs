using EFCore.Cloning.Planning;
using EFCore.Cloning.Schema;

namespace EFCore.Cloning.Sql;

/// <summary>
/// The tables that store one plan node's rows, each with the column of every property stored there: the base table
/// then TPT tables, or each TPC table. Tables holding only embedded owned types are part of their owner's row.
/// </summary>
internal sealed class NodeTables
{
    public NodeTables(PlanNode node)
    {
        Node = node;
        var byTable = new Dictionary<GraphTable, (TableRole Role, Dictionary<GraphProperty, string> Columns)>();
        foreach (var entity in node.Entity.SelfAndDerived())
        {
            foreach (var mapping in entity.Tables.Where(t => t.Role != TableRole.Embedded))
            {
                if (!byTable.TryGetValue(mapping.Table, out var entry))
                {
                    entry = (mapping.Role, []);
                    byTable[mapping.Table] = entry;
                }

                foreach (var (property, column) in mapping.Columns)
                {
                    entry.Columns[property] = column;
                }
            }
        }

        Tables = byTable
            .OrderBy(t => t.Value.Role == TableRole.Main ? 0 : t.Value.Role == TableRole.Concrete ? 1 : 2)
            .Select(t => new NodeTable(t.Key, t.Value.Role, t.Value.Columns))
            .ToList();
    }

    public PlanNode Node { get; }

    public IReadOnlyList<NodeTable> Tables { get; }

    public IReadOnlyList<GraphProperty> Key => Node.Entity.PrimaryKey.Properties;

    /// <summary>The table where the key is made: the main table, or the first TPC table.</summary>
    public NodeTable KeyTable => Tables.FirstOrDefault(t => t.Role == TableRole.Main) ?? Tables[0];

    /// <summary>The tables whose columns include every one of <paramref name="properties"/>.</summary>
    public IEnumerable<NodeTable> TablesWith(IEnumerable<GraphProperty> properties)
    {
        var list = properties.ToList();
        return Tables.Where(t => list.All(t.Columns.ContainsKey));
    }
}

/// <summary>One table of a node and the column of each property stored in it.</summary>
internal sealed record NodeTable(GraphTable Table, TableRole Role, IReadOnlyDictionary<GraphProperty, string> Columns)
{
    public string ColumnOf(GraphProperty property) => Columns[property];

    public GraphColumn Column(GraphProperty property) => Table.FindColumn(Columns[property])!;
}
