using EFCore.Cloning.Schema;

namespace EFCore.Cloning.Planning;

/// <summary>
/// Orders the nodes stored in tables of their own: principals before dependents for inserting, with each cycle broken
/// at a nullable foreign key (inserted as null, set once every copy exists); and nodes whose keys contain foreign keys
/// after those keys' principals, for making keys.
/// </summary>
internal static class InsertOrderPlanner
{
    public static void Order(ClonePlan plan)
    {
        var stored = plan.Nodes.Where(n => !n.IsEmbedded && n.Entity.SelfAndDerived().Any(e => e.Tables.Count > 0)).ToList();
        var breaks = new HashSet<(PlanNode, GraphRelationship)>();
        plan.InsertOrder = Topological(
            stored,
            node => Dependencies(plan, node).Select(d => d.Principal),
            (node, principal) =>
            {
                foreach (var (relationship, _) in Dependencies(plan, node).Where(d => d.Principal == principal))
                {
                    if (relationship.ForeignKey.All(f => f.IsNullable))
                    {
                        breaks.Add((node, relationship));
                    }
                }
            });
        plan.CycleBreaks = breaks;
        plan.KeyOrder = Topological(
            stored,
            node => Dependencies(plan, node).Where(d => d.Relationship.ForeignKey.Any(p => p.IsKey)).Select(d => d.Principal),
            onCycle: null);
    }

    private static IEnumerable<(GraphRelationship Relationship, PlanNode Principal)> Dependencies(ClonePlan plan, PlanNode node)
        => node.Entity.SelfAndDerived().SelectMany(e => e.DependentOf)
            .Select(r => (r, p: plan.Find(r.Principal)))
            .Where(x => x.p is not null && x.p != node && !x.p.IsEmbedded)
            .Select(x => (x.r, x.p!));

    private static List<PlanNode> Topological(List<PlanNode> nodes, Func<PlanNode, IEnumerable<PlanNode>> dependencies, Action<PlanNode, PlanNode>? onCycle)
    {
        var ordered = new List<PlanNode>();
        var state = new Dictionary<PlanNode, bool>();
        void Visit(PlanNode node)
        {
            if (state.ContainsKey(node))
            {
                return;
            }

            state[node] = false;
            foreach (var dependency in dependencies(node).Where(nodes.Contains))
            {
                if (state.TryGetValue(dependency, out var done) && !done)
                {
                    onCycle?.Invoke(node, dependency);
                    continue;
                }

                Visit(dependency);
            }

            state[node] = true;
            ordered.Add(node);
        }

        foreach (var node in nodes)
        {
            Visit(node);
        }

        return ordered;
    }
}
