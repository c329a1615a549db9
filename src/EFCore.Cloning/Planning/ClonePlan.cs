using EFCore.Cloning.Schema;

namespace EFCore.Cloning.Planning;

/// <summary>
/// A validated decision of what one operation copies: a node per hierarchy that has rows copied, the edges along
/// which rows are reached, the values copies get, and the unique values to make unique. Both engines execute it.
/// </summary>
internal sealed class ClonePlan
{
    private readonly Dictionary<GraphEntity, PlanNode> _nodes;

    public ClonePlan(GraphSchema schema, PlanNode root, IReadOnlyList<PlanNode> nodes, IReadOnlyList<PlanEdge> edges)
    {
        Schema = schema;
        Root = root;
        Nodes = nodes;
        Edges = edges;
        _nodes = nodes.ToDictionary(n => n.Entity);
    }

    public GraphSchema Schema { get; }

    /// <summary>The roots' hierarchy.</summary>
    public PlanNode Root { get; }

    /// <summary>Every node, the root first, then in the order they were reached.</summary>
    public IReadOnlyList<PlanNode> Nodes { get; }

    /// <summary>Every edge along which copied rows reach further rows to copy.</summary>
    public IReadOnlyList<PlanEdge> Edges { get; }

    /// <summary>Copies of each root made by the operation (set mode).</summary>
    public int Copies { get; init; } = 1;

    /// <summary>Whether the result maps every copied row, not only the roots.</summary>
    public bool MapAllRows { get; init; }

    public IProgress<CloneProgress>? Progress { get; init; }

    /// <summary>Rows per statement where the engines write rows they hold; null for as many as fit.</summary>
    public int? BatchSize { get; init; }

    /// <summary>Rows hidden by the model's query filters are copied too.</summary>
    public bool IgnoreQueryFilters { get; init; }

    /// <summary>Nodes stored in tables of their own, principals before dependents (set mode inserts in this order).</summary>
    public IReadOnlyList<PlanNode> InsertOrder { get; set; } = [];

    /// <summary>Nodes stored in tables of their own, those whose keys are made from other nodes' keys after those nodes.</summary>
    public IReadOnlyList<PlanNode> KeyOrder { get; set; } = [];

    /// <summary>
    /// Where a cycle between nodes is broken: the foreign key is inserted as null and set once every copy exists.
    /// Only nullable foreign keys are chosen.
    /// </summary>
    public IReadOnlySet<(PlanNode Node, GraphRelationship Relationship)> CycleBreaks { get; set; } = new HashSet<(PlanNode, GraphRelationship)>();

    /// <summary>How messages spell the options they advise.</summary>
    public Internal.OptionSyntax Syntax { get; init; }

    /// <summary>The node of <paramref name="entity"/>'s hierarchy, if rows of it are copied.</summary>
    public PlanNode? Find(GraphEntity entity) => _nodes.GetValueOrDefault(entity.Root);
}
