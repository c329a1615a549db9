using EFCore.Cloning.Internal;
using EFCore.Cloning.Schema;

namespace EFCore.Cloning.Planning;

/// <summary>
/// Gives each property of a node its value source, per concrete type: the conventions (volatile defaults and identity
/// columns are made anew, everything else is copied), then the model (<c>ResetOnClone</c>), then the per-call rules
/// in order. <c>Reset</c> is resolved here, once: the column's store default where it has one, else the CLR default.
/// </summary>
internal static class ValuePlanner
{
    public static void Assign(PlanNode node, CloneOptions options)
    {
        foreach (var concrete in node.ConcreteTypes)
        {
            foreach (var property in concrete.Properties)
            {
                if (property.IsKey)
                {
                    continue;
                }

                if (property.Generation is ValueGeneration.StoreDefault or ValueGeneration.IdentityAlways or ValueGeneration.IdentityByDefault or ValueGeneration.Sequence)
                {
                    node.Values.Set(property, concrete, PlanValue.StoreDefault(property.Generation == ValueGeneration.StoreDefault ? "volatile default" : "identity"));
                }

                if (property.ResetOnClone)
                {
                    Apply(node, concrete, property, Reset(property, "model", options.Syntax));
                }
            }

            foreach (var rule in options.Values.Where(r => EntityMatcher.Covers(r.Entity, concrete)))
            {
                if (concrete.FindProperty(rule.Property) is not { } property)
                {
                    continue;
                }

                var value = rule.Kind switch
                {
                    ValueRuleKind.Constant => PlanValue.Constant(rule.Value, property.ToProvider, "option"),
                    ValueRuleKind.Computed => PlanValue.Computed(rule.Factory!, "option"),
                    _ => Reset(property, "option", options.Syntax),
                };
                Apply(node, concrete, property, value);
            }
        }
    }

    private static void Apply(PlanNode node, GraphEntity concrete, GraphProperty property, PlanValue? value)
    {
        if (value is null)
        {
            node.Values.Remove(property, concrete);
        }
        else
        {
            node.Values.Set(property, concrete, value);
        }
    }

    /// <summary>What <c>Reset</c> means for <paramref name="property"/>; null for a generated key, which every copy gets anew anyway.</summary>
    private static PlanValue? Reset(GraphProperty property, string reason, OptionSyntax syntax)
    {
        if (property.IsKey && property.DeclaringEntity.Root.PrimaryKey.IsGenerated)
        {
            return null;
        }

        if (property.HasStoreDefault || property.Generation is not (ValueGeneration.None or ValueGeneration.Computed))
        {
            return PlanValue.StoreDefault($"reset ({reason})");
        }

        var type = property.ClrType;
        if (type is null || property.IsNullable || Nullable.GetUnderlyingType(type) is not null)
        {
            return PlanValue.Constant(null, null, $"reset ({reason})");
        }

        if (type.IsValueType)
        {
            return PlanValue.Constant(Activator.CreateInstance(type), property.ToProvider, $"reset ({reason})");
        }

        throw new CloneException(
            $"'{property}' cannot be reset: it is required and its column has no default, so a copy would have no value for it. "
            + $"Give the copies a value with {Advice.Set(syntax, property.Name)} instead.");
    }
}
