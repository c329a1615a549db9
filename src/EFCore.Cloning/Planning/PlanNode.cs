using EFCore.Cloning.Schema;

namespace EFCore.Cloning.Planning;

/// <summary>One hierarchy whose rows the operation copies, and how their values are made.</summary>
internal sealed class PlanNode
{
    public PlanNode(GraphEntity entity)
    {
        Entity = entity;
    }

    /// <summary>The hierarchy's root entity.</summary>
    public GraphEntity Entity { get; }

    public bool IsRoot { get; init; }

    /// <summary>Edges along which rows of this node are reached.</summary>
    public List<PlanEdge> Incoming { get; } = [];

    /// <summary>Edges along which rows of this node reach rows of other nodes.</summary>
    public List<PlanEdge> Outgoing { get; } = [];

    /// <summary>The value source of every property that does not keep the original's value, per concrete type.</summary>
    public PlanValueMap Values { get; } = new();

    /// <summary>The types whose rows the node can hold (every non-abstract type of the hierarchy).</summary>
    public IReadOnlyList<GraphEntity> ConcreteTypes => Entity.SelfAndDerived().Where(e => !e.IsAbstract).ToList();

    /// <summary>Unique string values that get a suffix.</summary>
    public List<PlanUnique> Uniques { get; } = [];

    /// <summary>
    /// For a join entity whose two ends are both copied: its rows are copied only where every one of these foreign
    /// keys points at a copied row, so that copies link to copies and no row outside the copy gains a link.
    /// </summary>
    public List<GraphRelationship> RequiredPrincipals { get; } = [];

    /// <summary>Foreign keys to principals outside the copy that are set to null (optional references that were skipped).</summary>
    public List<GraphRelationship> Nulled { get; } = [];

    /// <summary>
    /// Stored in its owner's row (an owned type in the owner's table, or a JSON document): copied with that row,
    /// never by a statement of its own.
    /// </summary>
    public bool IsEmbedded => Entity.Tables.Count > 0 && Entity.Tables.All(t => t.Role == TableRole.Embedded);

    /// <summary>
    /// Set where no copied row points at this node's rows and nothing is reached through them: its copies are inserted
    /// straight from the parent's key map along this edge, without a selection or key map of their own (the database
    /// or the parent's new key makes each copy's key). Null: selected and mapped like every other node.
    /// </summary>
    public PlanEdge? InsertedAlong { get; set; }

    /// <summary>Its copies' key mappings are read for the model's <c>OnCloneCommitted</c> hooks.</summary>
    public bool MapsKeysForHooks => Entity.SelfAndDerived().Any(e => e.HasCommitHooks);

    public override string ToString() => Entity.DisplayName;
}
