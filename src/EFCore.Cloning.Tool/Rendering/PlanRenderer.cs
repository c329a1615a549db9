using EFCore.Cloning.Planning;
using EFCore.Cloning.Schema;
using Spectre.Console;

namespace EFCore.Cloning.Tool.Rendering;

/// <summary>
/// Shows a plan as a tree: each table, how it is reached and with which strategy, how many rows it would copy, the
/// rows copies point at, and which columns get new values and why (every other column keeps the original's value).
/// </summary>
internal static class PlanRenderer
{
    public static void Write(ToolConsole console, ToolPlan toolPlan, IReadOnlyDictionary<PlanNode, long> counts, long selected)
    {
        var plan = toolPlan.Plan;
        var copies = plan.Copies > 1 ? $" x {plan.Copies} copies" : string.Empty;
        var under = counts.TryGetValue(plan.Root, out var rootRows) && rootRows != selected
            ? $" ({rootRows.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} with the {plan.Root.Entity.DisplayName} rows under them)"
            : string.Empty;
        var tree = new Tree(Markup.Escape($"{plan.Root.Entity.DisplayName}: {selected.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} row(s) to copy{under}{copies}"));
        var shown = new HashSet<PlanNode> { plan.Root };
        Add(tree.AddNode, plan.Root, counts, shown);

        var shared = plan.Nodes
            .SelectMany(n => n.Entity.SelfAndDerived().SelectMany(e => e.DependentOf).Select(r => (Node: n, Relationship: r)))
            .Where(x => plan.Find(x.Relationship.Principal) is null && !x.Node.Nulled.Contains(x.Relationship))
            .Select(x => $"{x.Node.Entity.DisplayName}.{x.Relationship.DependentToPrincipal ?? x.Relationship.Name} -> {x.Relationship.Principal.DisplayName}")
            .Distinct()
            .ToList();
        Section(tree, "shared (copies point at the same rows)", shared);
        Section(tree, "set to NULL (skipped references)", plan.Nodes.SelectMany(n => n.Nulled.Select(r => $"{n.Entity.DisplayName}.{r.DependentToPrincipal}")).Distinct().ToList());
        Section(tree, "new values (every other column keeps the original's value)", Values(toolPlan));
        Section(tree, "not copied", toolPlan.Notes.ToList());

        // The same text the library's ToClonePlan gives for this plan: edges and why, values, uniques, cycles, insert order.
        Section(tree, "the plan, as the library's ToClonePlan describes it", PlanDescriber.Describe(plan).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList());
        console.Ansi.Write(tree);
        console.Ansi.WriteLine();
    }

    private static List<string> Values(ToolPlan toolPlan)
    {
        var lines = new List<string>();
        foreach (var node in toolPlan.Plan.Nodes)
        {
            var entity = node.Entity;
            var key = entity.PrimaryKey;
            if (key.IsGenerated)
            {
                lines.Add($"{entity.DisplayName}.{key.Properties[0].Name}: new key, {KeySource(key)}");
            }
            else
            {
                var remapped = node.Incoming.Where(e => e.Direction == EdgeDirection.ToDependents).SelectMany(e => e.Relationship.ForeignKey).Where(p => p.IsKey).Select(p => p.Name).Distinct().ToList();
                if (remapped.Count > 0)
                {
                    lines.Add($"{entity.DisplayName}.({string.Join(", ", key.Properties.Select(p => p.Name))}): key of the copy, from the copied row {string.Join(", ", remapped)} points at");
                }
            }

            foreach (var property in entity.SelfAndDerived().SelectMany(e => e.DeclaredProperties))
            {
                if (toolPlan.Columns.Reasons.TryGetValue(property, out var reason))
                {
                    lines.Add($"{entity.DisplayName}.{property.Name}: {reason}");
                }
                else if (property.Generation == ValueGeneration.Computed)
                {
                    lines.Add($"{entity.DisplayName}.{property.Name}: computed by the database (generated column)");
                }
            }

            foreach (var unique in node.Uniques)
            {
                lines.Add($"{entity.DisplayName}.{unique.Property.Name}: the original's value, with a suffix where it is taken (unique: {string.Join(", ", unique.Index.Properties.Select(p => p.Name))})");
            }
        }

        return lines;
    }

    private static string KeySource(GraphKey key) => key.Generation switch
    {
        ValueGeneration.IdentityAlways or ValueGeneration.IdentityByDefault when key.Properties[0].DefaultValueSql is null => "made by the database (identity, SQLite rowid)",
        ValueGeneration.Sequence or ValueGeneration.IdentityAlways or ValueGeneration.IdentityByDefault => key.Sequence is { } sequence ? $"from the sequence {sequence.Name}" : "from the column's sequence",
        ValueGeneration.Guid => "a new UUID",
        _ => $"from the default {key.Properties[0].DefaultValueSql}",
    };

    private static void Section(Tree tree, string title, List<string> lines)
    {
        if (lines.Count == 0)
        {
            return;
        }

        var section = tree.AddNode($"[grey]{Markup.Escape(title)}[/]");
        foreach (var line in lines)
        {
            section.AddNode(Markup.Escape(line));
        }
    }

    private static void Add(Func<string, TreeNode> addChild, PlanNode node, IReadOnlyDictionary<PlanNode, long> counts, HashSet<PlanNode> shown)
    {
        foreach (var edge in node.Outgoing)
        {
            var strategy = edge.Relationship.JoinOf is not null ? "link" : edge.Direction == EdgeDirection.ToPrincipal ? "clone (principal)" : "clone";
            var label = $"{edge.To.Entity.DisplayName} via {edge.Navigation}: {strategy}, {Count(counts, edge.To)} row(s) [{edge.Reason}]";
            var child = addChild(Markup.Escape(label));
            if (shown.Add(edge.To))
            {
                Add(child.AddNode, edge.To, counts, shown);
            }
        }
    }

    private static string Count(IReadOnlyDictionary<PlanNode, long> counts, PlanNode node)
        => counts.TryGetValue(node, out var count) ? count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : "n/a";
}
