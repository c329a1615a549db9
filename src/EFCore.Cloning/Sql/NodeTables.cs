using EFCore.Cloning.Planning;
using EFCore.Cloning.Schema;

namespace EFCore.Cloning.Sql;

/// <summary>
/// The tables that store one plan node's rows, each with the column of every property stored there: the base table
/// then TPT tables, or each TPC table. Owned types stored in the owner's row (table splitting) are part of it: their
/// columns are listed too, after the owner's own.
/// </summary>
internal sealed class NodeTables
{
    public NodeTables(PlanNode node, ClonePlan plan)
    {
        Node = node;
        var byTable = new Dictionary<GraphTable, (TableRole Role, Dictionary<GraphProperty, string> Columns, List<GraphEntity> Types)>();
        foreach (var entity in node.Entity.SelfAndDerived())
        {
            foreach (var mapping in entity.Tables.Where(t => t.Role != TableRole.Embedded))
            {
                if (!byTable.TryGetValue(mapping.Table, out var entry))
                {
                    entry = (mapping.Role, [], []);
                    byTable[mapping.Table] = entry;
                }

                foreach (var (property, column) in mapping.Columns)
                {
                    entry.Columns[property] = column;
                }

                if (!entity.IsAbstract)
                {
                    entry.Types.Add(entity);
                }
            }
        }

        // Embedded owned types (not JSON documents, which are one column of the owner) add their columns to the owner's table.
        foreach (var owned in EmbeddedOwned(plan, node))
        {
            foreach (var mapping in owned.Tables.Where(t => t.Role == TableRole.Embedded && byTable.ContainsKey(t.Table)))
            {
                var entry = byTable[mapping.Table];
                foreach (var (property, column) in mapping.Columns.Where(c => !c.Key.IsKey))
                {
                    entry.Columns.TryAdd(property, column);
                }
            }
        }

        Tables = byTable
            .OrderBy(t => t.Value.Role == TableRole.Main ? 0 : t.Value.Role == TableRole.Concrete ? 1 : 2)
            .Select(t => new NodeTable(t.Key, t.Value.Role, t.Value.Columns, t.Value.Types))
            .ToList();
    }

    public PlanNode Node { get; }

    public IReadOnlyList<NodeTable> Tables { get; }

    public IReadOnlyList<GraphProperty> Key => Node.Entity.PrimaryKey.Properties;

    /// <summary>The table where the key is made: the main table, or the first TPC table.</summary>
    public NodeTable KeyTable => Tables.FirstOrDefault(t => t.Role == TableRole.Main) ?? Tables[0];

    /// <summary>The tables whose rows hold the node's keys: the main table, or every TPC table.</summary>
    public IEnumerable<NodeTable> KeyTables => Tables.Where(t => t.Role is TableRole.Main or TableRole.Concrete);

    /// <summary>The tables whose columns include every one of <paramref name="properties"/>.</summary>
    public IEnumerable<NodeTable> TablesWith(IEnumerable<GraphProperty> properties)
    {
        var list = properties.ToList();
        return Tables.Where(t => list.All(t.Columns.ContainsKey));
    }

    private static IEnumerable<GraphEntity> EmbeddedOwned(ClonePlan plan, PlanNode node)
    {
        var pending = new Queue<PlanNode>([node]);
        while (pending.Count > 0)
        {
            foreach (var edge in pending.Dequeue().Outgoing.Where(e => e.Relationship.IsOwnership && e.To.IsEmbedded && !e.To.Entity.IsJson))
            {
                yield return edge.To.Entity;
                pending.Enqueue(edge.To);
            }
        }
    }
}

/// <summary>One table of a node, the column of each property stored in it, and the concrete types whose rows it holds.</summary>
internal sealed record NodeTable(GraphTable Table, TableRole Role, IReadOnlyDictionary<GraphProperty, string> Columns, IReadOnlyList<GraphEntity> Types)
{
    public string ColumnOf(GraphProperty property) => Columns[property];

    public GraphColumn Column(GraphProperty property) => Table.FindColumn(Columns[property])!;
}
