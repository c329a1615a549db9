using EFCore.Cloning.Internal;
using EFCore.Cloning.Schema;

namespace EFCore.Cloning.Planning;

/// <summary>
/// Gives each property of a node its value source, per concrete type: the conventions (volatile defaults and identity
/// columns are made anew, everything else is copied), then the model (<c>ResetOnClone</c>, <c>SetOnClone</c>), then the per-call rules
/// in order. <c>Reset</c> is resolved here, once: the column's store default where it has one, else the CLR default.
/// </summary>
internal static class ValuePlanner
{
    public static void Assign(PlanNode node, CloneOptions options)
    {
        // One value per rule across the node's types, so that a rule of a base type is one expression, not one per type.
        var made = new Dictionary<ValueRule, PlanValue>(ReferenceEqualityComparer.Instance);
        PlanValue Made(ValueRule rule, Func<PlanValue> make) => made.TryGetValue(rule, out var value) ? value : made[rule] = make();
        var conventional = new Dictionary<(GraphProperty, string), PlanValue?>();
        PlanValue? Conventional(GraphProperty property, string reason, Func<PlanValue?> make)
            => conventional.TryGetValue((property, reason), out var value) ? value : conventional[(property, reason)] = make();
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
                    var reason = property.Generation == ValueGeneration.StoreDefault ? "volatile default" : "identity";
                    node.Values.Set(property, concrete, Conventional(property, reason, () => PlanValue.StoreDefault(reason))!);
                }

                if (property.ResetOnClone)
                {
                    Apply(node, concrete, property, Conventional(property, "reset", () => Reset(property, "model", options.Syntax)));
                }

                if (property.ConfiguredValue is { } configured)
                {
                    Apply(node, concrete, property, Made(configured, () => configured.Kind == ValueRuleKind.Constant
                        ? PlanValue.Constant(configured.Value, property.ToProvider, "model")
                        : PlanValue.Computed(configured.Factory!, "model", configured.Expression)));
                }
            }

            ApplyOnly(node, concrete, concrete.SelfAndBases().Select(e => e.ConfiguredOnly).FirstOrDefault(o => o is not null), "model", options, Conventional);
            foreach (var only in options.Only.Where(r => EntityMatcher.Covers(r.Entity, concrete)))
            {
                ApplyOnly(node, concrete, only.Properties, "option", options, Conventional);
            }

            ApplyOrigin(node, concrete, concrete.SelfAndBases().Select(e => e.ConfiguredOrigin).FirstOrDefault(o => o is not null), "model");
            foreach (var origin in options.Origins.Where(r => EntityMatcher.Covers(r.Entity, concrete)))
            {
                ApplyOrigin(node, concrete, origin.Properties, "option");
            }

            foreach (var rule in options.Values.Where(r => EntityMatcher.Covers(r.Entity, concrete)))
            {
                if (concrete.FindProperty(rule.Property) is not { } property)
                {
                    continue;
                }

                var value = rule.Kind switch
                {
                    ValueRuleKind.Constant => Made(rule, () => PlanValue.Constant(rule.Value, property.ToProvider, "option")),
                    ValueRuleKind.Computed => Made(rule, () => PlanValue.Computed(rule.Factory!, "option", rule.Expression)),
                    _ => Conventional(property, "reset option", () => Reset(property, "option", options.Syntax)),
                };
                Apply(node, concrete, property, value);
            }
        }
    }

    /// <summary>Lineage: the listed properties (one per key part) take the original's key.</summary>
    private static void ApplyOrigin(PlanNode node, GraphEntity concrete, IReadOnlyList<string>? properties, string reason)
    {
        if (properties is null)
        {
            return;
        }

        var key = node.Entity.PrimaryKey.Properties;
        if (properties.Count != key.Count)
        {
            throw new CloneException(
                $"RecordOrigin on '{concrete.DisplayName}' names {properties.Count} propert{(properties.Count == 1 ? "y" : "ies")}, but its key has {key.Count} part{(key.Count == 1 ? "" : "s")} "
                + $"({string.Join(", ", key.Select(k => k.Name))}): name one property per key part, in key order.");
        }

        for (var i = 0; i < properties.Count; i++)
        {
            var property = concrete.FindProperty(properties[i])
                ?? throw new CloneException($"RecordOrigin names '{concrete.DisplayName}.{properties[i]}', which is not a mapped property of it.");
            Apply(node, concrete, property, PlanValue.OriginalKey(i, $"origin ({reason})"));
        }
    }

    /// <summary>An include-only list: every property outside it that the copy could hold a value of gets its default.</summary>
    private static void ApplyOnly(PlanNode node, GraphEntity concrete, IReadOnlyList<string>? kept, string reason, CloneOptions options, Func<GraphProperty, string, Func<PlanValue?>, PlanValue?> conventional)
    {
        if (kept is null)
        {
            return;
        }

        var foreignKeys = concrete.SelfAndBases().SelectMany(e => e.DependentOf).SelectMany(r => r.ForeignKey).ToHashSet();
        foreach (var property in concrete.Properties)
        {
            if (kept.Contains(property.Name) || property.IsKey || foreignKeys.Contains(property) || property.Generation == ValueGeneration.Computed
                || concrete.Root.Discriminator?.Property == property || node.Values.For(property, concrete) is not null)
            {
                continue;
            }

            Apply(node, concrete, property, conventional(property, $"only {reason}", () => Reset(property, $"not in Only ({reason})", options.Syntax)));
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

        throw new CloneException(reason.StartsWith("not in Only", StringComparison.Ordinal)
            ? $"'{property}' is not in the Only list, but it is required and its column has no default, so a copy would have no value for it. "
              + $"Add it to the list, or give the copies a value with {Advice.Set(syntax, property.Name)}."
            : $"'{property}' cannot be reset: it is required and its column has no default, so a copy would have no value for it. "
              + $"Give the copies a value with {Advice.Set(syntax, property.Name)} instead.");
    }
}
