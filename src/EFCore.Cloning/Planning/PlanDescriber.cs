using System.Text;
using EFCore.Cloning.Schema;

namespace EFCore.Cloning.Planning;

/// <summary>
/// A plan as text a person reads before running it: each node and how it is reached (the strategy and why:
/// convention, model or option), its row filters, the values copies get and why, unique handling, shared principals,
/// skipped references, the insert order and where cycles are broken.
/// </summary>
internal static class PlanDescriber
{
    public static string Describe(ClonePlan plan)
    {
        var text = new StringBuilder();
        var copies = plan.Copies > 1 ? $", {plan.Copies} copies of each" : string.Empty;
        text.AppendLine($"{plan.Root.Entity.DisplayName} (the roots{copies})");
        var shown = new HashSet<PlanNode> { plan.Root };
        Node(text, plan, plan.Root, "  ", shown);
        if (plan.CycleBreaks.Count > 0)
        {
            text.AppendLine("cycles broken at (inserted as null, then set): "
                            + string.Join(", ", plan.CycleBreaks.Select(b => $"{b.Node.Entity.DisplayName}.{b.Relationship.DependentToPrincipal ?? b.Relationship.Name}")));
        }

        text.AppendLine("insert order: " + string.Join(" -> ", plan.InsertOrder.Select(n => n.Entity.DisplayName)));
        return text.ToString();
    }

    private static void Node(StringBuilder text, ClonePlan plan, PlanNode node, string indent, HashSet<PlanNode> shown)
    {
        if (node.Entity.HasQueryFilter)
        {
            text.AppendLine($"{indent}rows: {(plan.IgnoreQueryFilters ? "every row, the model's query filter ignored (option)" : "those the model's query filter lets through")}");
        }

        if (node.InsertedAlong is { } along)
        {
            text.AppendLine($"{indent}rows: no copied row points at them; set mode inserts them from the key map of {along.From.Entity.DisplayName}, with no key map of their own");
        }

        foreach (var line in Values(node))
        {
            text.AppendLine($"{indent}{line}");
        }

        foreach (var unique in node.Uniques)
        {
            var scope = unique.Scope.Count > 0 ? $" within ({string.Join(", ", unique.Scope.Select(p => p.Name))}) as the copy holds them" : string.Empty;
            text.AppendLine($"{indent}unique {unique.Property.Name}{scope}: {unique.Suffix} (index {unique.Index.Name})");
        }

        foreach (var relationship in node.Entity.SelfAndDerived().SelectMany(e => e.DependentOf).Where(r => plan.Find(r.Principal) is null))
        {
            var navigation = relationship.DependentToPrincipal ?? relationship.Name;
            text.AppendLine(node.Nulled.Contains(relationship)
                ? $"{indent}{navigation}: set to null (skipped)"
                : $"{indent}{navigation}: shares the same {relationship.Principal.DisplayName}");
        }

        foreach (var edge in node.Outgoing)
        {
            var target = edge.To;
            var again = !shown.Add(target);
            var via = edge.Relationship.JoinOf is { } link ? $"the join rows of {link}" : edge.Navigation;
            var filter = edge.Filter is { } f ? $", only rows where {f} ({edge.FilterOrigin})" : string.Empty;
            text.AppendLine($"{indent}-> {target.Entity.DisplayName} via {via} ({Strategy(edge)}: {edge.Reason}){filter}{(again ? ", see above" : string.Empty)}");
            if (!again)
            {
                Node(text, plan, target, indent + "   ", shown);
            }
        }
    }

    private static string Strategy(PlanEdge edge)
        => edge.Relationship.JoinOf is not null ? "link" : edge.Relationship.IsOwnership ? "owned" : "clone";

    private static IEnumerable<string> Values(PlanNode node)
    {
        var key = node.Entity.PrimaryKey;
        if (key.IsGenerated && !node.Values.Contains(key.Properties[0]))
        {
            yield return $"{key.Properties[0].Name}: a new key ({key.Generation})";
        }

        foreach (var property in node.Values.Properties)
        {
            var choices = node.Values.Choices(property, node.ConcreteTypes.Where(t => t.Properties.Contains(property)));
            foreach (var (value, types) in choices.Where(c => c.Value is not null))
            {
                var scope = choices.Count > 1 ? $" for {string.Join(", ", types.Select(t => t.DisplayName))}" : string.Empty;
                yield return $"{property.Name}{scope} {value}";
            }
        }
    }
}
