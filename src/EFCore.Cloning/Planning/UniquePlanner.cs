using EFCore.Cloning.Internal;
using EFCore.Cloning.Schema;

namespace EFCore.Cloning.Planning;

/// <summary>
/// Finds the unique indexes a node's copies could violate and how each is kept: a string column takes a suffix
/// within the values the index's other columns hold on the copy; an index that copies always make new (its foreign
/// key always points at a copied principal) needs nothing; any other index needs a value from the caller.
/// </summary>
internal static class UniquePlanner
{
    public static void Plan(PlanNode node, CloneOptions options)
    {
        foreach (var index in node.Entity.SelfAndDerived().SelectMany(e => e.DeclaredUniqueIndexes))
        {
            if (index.Properties.Any(p => p.IsKey && node.Entity.PrimaryKey.IsGenerated) || AlwaysNew(node, index))
            {
                continue;
            }

            var foreignKeys = node.Entity.SelfAndDerived().SelectMany(e => e.DependentOf).SelectMany(r => r.ForeignKey).ToHashSet();
            var text = index.Properties.Where(p => p.ClrType == typeof(string)).OrderBy(p => foreignKeys.Contains(p)).FirstOrDefault();
            // Types whose copies get a constant for the string from the caller (or the column's default) keep it: theirs to keep
            // unique (a natural key supplied, say). A value computed from the original is a base, suffixed where it is taken.
            var types = text is null ? [] : node.ConcreteTypes.Where(t => t.Properties.Contains(text) && node.Values.For(text, t) is null or { Kind: PlanValueKind.Computed }).ToList();
            if (text is not null ? types.Count == 0 : index.Properties.Any(p => GivenEverywhere(node, p)))
            {
                continue;
            }

            if (text is null)
            {
                var columns = string.Join(", ", index.Properties.Select(p => $"{p.Name} ({p.ClrType?.Name ?? "?"})"));
                var advised = index.Properties.FirstOrDefault(p => !foreignKeys.Contains(p)) ?? index.Properties[^1];
                throw new CloneException(
                    $"The unique index '{index.Name}' on '{index.Entity.DisplayName}' covers {columns}: a copy would repeat the original's values, and only strings can take a suffix. "
                    + $"Give the copies new values with {Advice.Set(options.Syntax, advised.Name)}"
                    + (advised.IsNullable ? $", or {Advice.Reset(options.Syntax, advised.Name)} (it is nullable)." : "."));
            }

            var suffix = options.Suffixes.LastOrDefault(r => r.Property == text.Name && EntityMatcher.Matches(r.Entity, text.DeclaringEntity))?.Suffix
                         ?? text.ConfiguredSuffix
                         ?? text.DeclaringEntity.SelfAndBases().Select(e => e.ConfiguredSuffix).FirstOrDefault(s => s is not null)
                         ?? options.DefaultSuffix
                         ?? DefaultSuffix(text);
            node.Uniques.Add(new PlanUnique(index, text, suffix, index.Properties.Where(p => p != text).ToList(), LockName(node, text), types));
        }
    }

    /// <summary>
    /// Every copy of the node makes the index new: the node is reached only from copied principals along foreign keys
    /// that are part of the index, so each copy's tuple holds a new key, and no rule gives the index's columns values
    /// (one that did could give two copies under one principal the same value).
    /// </summary>
    private static bool AlwaysNew(PlanNode node, GraphUniqueIndex index)
    {
        // Only edges that can reach rows of the index's type count (a hierarchy's node is reached by its types' edges).
        var reaching = node.Incoming.Where(e => Related(e.Direction == EdgeDirection.ToDependents ? e.Relationship.Dependent : e.Relationship.Principal, index.Entity)).ToList();
        return !node.IsRoot
               && reaching.Count > 0
               && !index.Properties.Any(node.Values.Contains)
               && reaching.All(e => e.Direction == EdgeDirection.ToDependents && e.Relationship.ForeignKey.Any(index.Properties.Contains));
    }

    private static bool Related(GraphEntity a, GraphEntity b) => a.SelfAndBases().Contains(b) || b.SelfAndBases().Contains(a);

    private static bool GivenEverywhere(PlanNode node, GraphProperty property)
        => node.ConcreteTypes.Where(t => t.Properties.Contains(property)).All(t => node.Values.For(property, t) is not null)
           && node.Values.Contains(property);

    /// <summary>A column named like a slug gets slug-style copies (<c>apollo-copy</c>); anything else <c>Apollo (copy)</c>.</summary>
    private static CloneSuffix DefaultSuffix(GraphProperty property)
        => property.Name.Contains("slug", StringComparison.OrdinalIgnoreCase) ? CloneSuffix.Slug : CloneSuffix.Default;

    /// <summary>Named for the column (the first table holding it, by name), so that both engines and every process agree.</summary>
    private static string LockName(PlanNode node, GraphProperty property)
    {
        var tables = node.Entity.SelfAndDerived().SelectMany(e => e.Tables)
            .Where(t => t.Columns.ContainsKey(property))
            .Select(t => (t.Table.Schema, t.Table.Name, Column: t.Columns[property]))
            .OrderBy(t => t.Schema, StringComparer.Ordinal).ThenBy(t => t.Name, StringComparer.Ordinal)
            .ToList();
        var (schema, table, column) = tables.Count > 0 ? tables[0] : (null, node.Entity.Name, property.Name);
        return $"efcore.cloning:{schema}.{table}.{column}";
    }
}
