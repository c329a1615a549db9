using EFCore.Cloning.Planning;
using Spectre.Console;

namespace EFCore.Cloning.Tool.Rendering;

/// <summary>Shows a plan as a tree: each table, how it is reached and with which strategy, and how many rows it would copy.</summary>
internal static class PlanRenderer
{
    public static void Write(ToolConsole console, ClonePlan plan, IReadOnlyDictionary<PlanNode, long> counts)
    {
        var copies = plan.Copies > 1 ? $" x {plan.Copies} copies" : string.Empty;
        var tree = new Tree(Markup.Escape($"{plan.Root.Entity.DisplayName}: {Count(counts, plan.Root)} row(s) to copy{copies}"));
        var shown = new HashSet<PlanNode> { plan.Root };
        Add(tree.AddNode, plan.Root, plan, counts, shown);

        var shared = plan.Nodes
            .SelectMany(n => n.Entity.SelfAndDerived().SelectMany(e => e.DependentOf).Select(r => (Node: n, Relationship: r)))
            .Where(x => plan.Find(x.Relationship.Principal) is null && !x.Node.Nulled.Contains(x.Relationship))
            .Select(x => $"{x.Node.Entity.DisplayName}.{x.Relationship.DependentToPrincipal ?? x.Relationship.Name} -> {x.Relationship.Principal.DisplayName}")
            .Distinct()
            .ToList();
        if (shared.Count > 0)
        {
            var sharedNode = tree.AddNode("[grey]shared (copies point at the same rows)[/]");
            foreach (var line in shared)
            {
                sharedNode.AddNode(Markup.Escape(line));
            }
        }

        console.Ansi.Write(tree);
        console.Ansi.WriteLine();
    }

    private static void Add(Func<string, TreeNode> addChild, PlanNode node, ClonePlan plan, IReadOnlyDictionary<PlanNode, long> counts, HashSet<PlanNode> shown)
    {
        foreach (var edge in node.Outgoing)
        {
            var strategy = edge.Relationship.JoinOf is not null ? "link" : edge.Direction == EdgeDirection.ToPrincipal ? "clone (principal)" : "clone";
            var label = $"{edge.To.Entity.DisplayName} via {edge.Navigation}: {strategy}, {Count(counts, edge.To)} row(s) [{edge.Reason}]";
            var child = addChild(Markup.Escape(label));
            if (shown.Add(edge.To))
            {
                Add(child.AddNode, edge.To, plan, counts, shown);
            }
        }
    }

    private static string Count(IReadOnlyDictionary<PlanNode, long> counts, PlanNode node)
        => counts.TryGetValue(node, out var count) ? count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : "n/a";
}
