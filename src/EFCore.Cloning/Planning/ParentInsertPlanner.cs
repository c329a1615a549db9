using EFCore.Cloning.Schema;

namespace EFCore.Cloning.Planning;

/// <summary>
/// Decides which nodes set mode inserts straight from their parent's key map (<see cref="PlanNode.InsertedAlong"/>):
/// the leaves of the copy, the lines, notes and join rows no copied row points at. Hand-written copies do the same;
/// a leaf's selection and key map would be written once and read once, for nothing.
/// </summary>
internal static class ParentInsertPlanner
{
    public static void Plan(ClonePlan plan)
    {
        foreach (var node in plan.Nodes)
        {
            node.InsertedAlong = Edge(plan, node);
        }
    }

    private static PlanEdge? Edge(ClonePlan plan, PlanNode node)
    {
        // Every reason a node's own key map is read: a result or hook that maps its rows, unique values (made per
        // original and copy), join rows pruned against both ends, a cycle fixed after inserting, a tree.
        if (node.IsRoot || node.IsEmbedded || plan.MapAllRows || node.MapsKeysForHooks || node.Uniques.Count > 0 || node.RequiredPrincipals.Count > 0
            || node.Incoming.Count != 1 || plan.CycleBreaks.Any(b => b.Node == node))
        {
            return null;
        }

        var edge = node.Incoming[0];
        if (edge.Direction != EdgeDirection.ToDependents || edge.From == node || edge.From.IsEmbedded
            || !edge.Relationship.PrincipalKey.SequenceEqual(edge.From.Entity.PrimaryKey.Properties))
        {
            return null;
        }

        var tables = node.Entity.SelfAndDerived().SelectMany(e => e.Tables).Where(t => t.Role != TableRole.Embedded).Select(t => t.Table).Distinct().ToList();
        var embedded = Embedded(node);
        if (tables.Count != 1 || embedded is null || PointedAt(plan, node, embedded) || !KeyMadeOnInsert(plan, node, edge))
        {
            return null;
        }

        return edge;
    }

    /// <summary>The owned types stored in the node's row, or null when rows of another node are reached through them.</summary>
    private static HashSet<PlanNode>? Embedded(PlanNode node)
    {
        var embedded = new HashSet<PlanNode>();
        var pending = new Queue<PlanNode>([node]);
        while (pending.Count > 0)
        {
            foreach (var edge in pending.Dequeue().Outgoing)
            {
                if (!edge.To.IsEmbedded || !edge.Relationship.IsOwnership)
                {
                    return null;
                }

                if (embedded.Add(edge.To))
                {
                    pending.Enqueue(edge.To);
                }
            }
        }

        return embedded;
    }

    /// <summary>Whether a copied row (the node's own included) has a foreign key to the node's rows, which would need its map.</summary>
    private static bool PointedAt(ClonePlan plan, PlanNode node, HashSet<PlanNode> embedded)
        => plan.Nodes.Where(n => !embedded.Contains(n))
            .SelectMany(n => n.Entity.SelfAndDerived().SelectMany(e => e.DependentOf))
            .Any(r => plan.Find(r.Principal) == node);

    /// <summary>
    /// The copy's key is made in the insert itself: by the database (identity, sequence, GUID), or from the parent's new
    /// key and the original's other key parts (a composite key under the parent).
    /// </summary>
    private static bool KeyMadeOnInsert(ClonePlan plan, PlanNode node, PlanEdge edge)
    {
        var key = node.Entity.PrimaryKey;
        if (key.Properties.Any(node.Values.Contains))
        {
            return false;
        }

        if (key.IsGenerated)
        {
            // A sequence (serial, identity, nextval default) or a GUID the database or the statement makes; HiLo's blocks are the client's.
            return key.Properties.Count == 1
                   && key.Generation is ValueGeneration.IdentityByDefault or ValueGeneration.IdentityAlways or ValueGeneration.Sequence or ValueGeneration.Guid;
        }

        // Parts outside the parent's foreign key keep the original's value; a part that is another copied row's key would need that row's map.
        var others = node.Entity.SelfAndDerived().SelectMany(e => e.DependentOf).Where(r => r != edge.Relationship && plan.Find(r.Principal) is not null).SelectMany(r => r.ForeignKey);
        return key.Properties.Any(edge.Relationship.ForeignKey.Contains) && !key.Properties.Where(p => !edge.Relationship.ForeignKey.Contains(p)).Any(others.Contains);
    }
}
