using EFCore.Cloning.Internal;
using EFCore.Cloning.Schema;

namespace EFCore.Cloning.Planning;

/// <summary>
/// Turns conventions, model configuration and per-call options into a <see cref="ClonePlan"/>, in that order of
/// precedence (options win), and rejects what cannot be copied before anything is written.
/// </summary>
internal sealed class ClonePlanner
{
    private readonly GraphSchema _schema;
    private readonly CloneOptions _options;
    private readonly Dictionary<GraphEntity, PlanNode> _nodes = [];
    private readonly List<PlanNode> _order = [];
    private readonly List<PlanEdge> _edges = [];
    private readonly HashSet<GraphRelationship> _clonedTargets = [];

    private ClonePlanner(GraphSchema schema, CloneOptions options)
    {
        _schema = schema;
        _options = options;
    }

    /// <summary>Plans copying rows of <paramref name="root"/> (and what the options and model clone with them).</summary>
    public static ClonePlan Create(GraphSchema schema, GraphEntity root, CloneOptions options)
        => new ClonePlanner(schema, options).Plan(root);

    private ClonePlan Plan(GraphEntity root)
    {
        if (root.IsOwned)
        {
            throw new CloneException(
                $"The entity type '{root.DisplayName}' is owned: it cannot be cloned on its own. Clone its owner, which copies it.");
        }

        ValidateRules();

        var rootNode = new PlanNode(root.Root) { IsRoot = true };
        _nodes[rootNode.Entity] = rootNode;
        _order.Add(rootNode);
        for (var i = 0; i < _order.Count; i++)
        {
            Expand(_order[i]);
        }

        foreach (var node in _order)
        {
            AssignValues(node);
        }

        var plan = new ClonePlan(_schema, rootNode, _order, _edges)
        {
            Copies = _options.Copies,
            MapAllRows = _options.MapAllRows,
            Progress = _options.Progress,
        };

        foreach (var node in _order)
        {
            CheckKey(node);
            PlanUniques(node);
        }

        return plan;
    }

    private void Expand(PlanNode node)
    {
        foreach (var entity in node.Entity.SelfAndDerived())
        {
            foreach (var relationship in entity.PrincipalOf)
            {
                var (strategy, reason) = ResolveToDependents(relationship);
                if (strategy == CloneStrategy.Clone)
                {
                    AddEdge(node, relationship.Dependent, relationship, EdgeDirection.ToDependents, reason);
                }
            }

            foreach (var relationship in entity.DependentOf)
            {
                var (strategy, reason) = ResolveToPrincipal(relationship);
                switch (strategy)
                {
                    case CloneStrategy.Clone:
                        AddEdge(node, relationship.Principal, relationship, EdgeDirection.ToPrincipal, reason);
                        break;
                    case CloneStrategy.Skip when relationship.IsRequired:
                        throw new CloneException(
                            $"The navigation '{relationship.Dependent.DisplayName}.{relationship.DependentToPrincipal ?? relationship.Principal.DisplayName}' cannot be skipped: "
                            + $"the relationship '{relationship.Name}' is required, so a copy of '{relationship.Dependent.DisplayName}' needs a '{relationship.Principal.DisplayName}'. Share or clone it instead.");
                    case CloneStrategy.Skip:
                        node.Nulled.Add(relationship);
                        break;
                }
            }
        }
    }

    private void AddEdge(PlanNode from, GraphEntity target, GraphRelationship relationship, EdgeDirection direction, string reason)
    {
        if (!_nodes.TryGetValue(target.Root, out var to))
        {
            to = new PlanNode(target.Root);
            _nodes[to.Entity] = to;
            _order.Add(to);
        }

        var edge = new PlanEdge(from, to, relationship, direction, reason);
        from.Outgoing.Add(edge);
        to.Incoming.Add(edge);
        _edges.Add(edge);
    }

    private (CloneStrategy Strategy, string Reason) ResolveToDependents(GraphRelationship relationship)
    {
        var navigation = relationship.PrincipalToDependent;
        if (relationship.IsOwnership)
        {
            return (CloneStrategy.Clone, "owned");
        }

        if (navigation is not null && FindRule(relationship.Principal, navigation) is { } rule)
        {
            return (rule.Strategy, "option");
        }

        if (relationship.JoinOf is { } link)
        {
            var (linkStrategy, reason) = ResolveManyToMany(link);
            if (linkStrategy == CloneStrategy.Clone)
            {
                _clonedTargets.Add(link.ToTarget);
            }

            return linkStrategy is CloneStrategy.Link or CloneStrategy.Clone or CloneStrategy.Share
                ? (CloneStrategy.Clone, $"{linkStrategy.ToString().ToLowerInvariant()} {link} ({reason})")
                : (CloneStrategy.Skip, reason);
        }

        if (relationship.ConfiguredPrincipalToDependent is { } configured)
        {
            return (configured, "model");
        }

        if (_options.Aggregate && ((relationship.IsRequired && relationship.IsCascadeDelete) || (relationship.IsUnique && !relationship.IsSelfReference)))
        {
            return (CloneStrategy.Clone, relationship.IsUnique ? "aggregate: one-to-one dependent" : "aggregate: required, cascade delete");
        }

        return (CloneStrategy.Skip, "convention");
    }

    private (CloneStrategy Strategy, string Reason) ResolveManyToMany(GraphManyToMany link)
    {
        if (FindRule(link.Entity, link.Navigation) is { } rule)
        {
            return (rule.Strategy, "option");
        }

        if (link.ConfiguredStrategy is { } configured)
        {
            return (configured, "model");
        }

        return _options.Aggregate ? (CloneStrategy.Link, "aggregate") : (CloneStrategy.Skip, "convention");
    }

    private (CloneStrategy Strategy, string Reason) ResolveToPrincipal(GraphRelationship relationship)
    {
        if (relationship.IsOwnership)
        {
            return (CloneStrategy.Share, "owner");
        }

        if (_clonedTargets.Contains(relationship))
        {
            return (CloneStrategy.Clone, "many-to-many targets cloned");
        }

        if (relationship.DependentToPrincipal is { } navigation && FindRule(relationship.Dependent, navigation) is { } rule)
        {
            return (rule.Strategy, "option");
        }

        return relationship.ConfiguredDependentToPrincipal is { } configured ? (configured, "model") : (CloneStrategy.Share, "convention");
    }

    private NavigationRule? FindRule(GraphEntity declaring, string navigation)
        => _options.Navigations.LastOrDefault(r => r.Navigation == navigation && Matches(r.Entity, declaring));

    private static bool Matches(EntitySelector selector, GraphEntity entity)
    {
        if (selector.ClrType is { } clrType)
        {
            return entity.ClrType is { } entityType && (clrType.IsAssignableFrom(entityType) || entityType.IsAssignableFrom(clrType));
        }

        return selector.Name is null || entity.SelfAndBases().Any(e => e.Name == selector.Name || e.DisplayName == selector.Name);
    }

    private void ValidateRules()
    {
        foreach (var rule in _options.Navigations)
        {
            var entities = MatchedEntities(rule.Entity);
            var relationships = _schema.Relationships.Where(r =>
                (r.PrincipalToDependent == rule.Navigation && entities.Contains(r.Principal))
                || (r.DependentToPrincipal == rule.Navigation && entities.Contains(r.Dependent))).ToList();
            var links = _schema.ManyToManys.Where(m => m.Navigation == rule.Navigation && entities.Contains(m.Entity)).ToList();
            var owner = Describe(rule.Entity, entities);
            if (relationships.Count == 0 && links.Count == 0)
            {
                var isProperty = entities.Any(e => e.SelfAndDerived().Any(d => d.DeclaredProperties.Any(p => p.Name == rule.Navigation)));
                throw new CloneException(isProperty
                    ? $"'{owner}.{rule.Navigation}' is a property, not a navigation: {rule.Strategy} applies to navigations. To change a value use Set or Reset."
                    : $"'{owner}.{rule.Navigation}' is not a navigation of the entity type '{owner}'.");
            }

            if (rule.Strategy == CloneStrategy.Link && links.Count == 0)
            {
                throw new CloneException(
                    $"Link applies to many-to-many navigations; '{owner}.{rule.Navigation}' is not one. Use Include to clone its rows, Share to point at the same rows, or Skip.");
            }

            if (relationships.Any(r => r.IsOwnership) && rule.Strategy != CloneStrategy.Clone)
            {
                throw new CloneException(
                    $"'{owner}.{rule.Navigation}' is an owned type: it is part of the row and always copied with it. To change its values on the copy use a hook or Set on the owner.");
            }

            if (rule.Strategy == CloneStrategy.Share && relationships.Any(r => r.PrincipalToDependent == rule.Navigation && entities.Contains(r.Principal)))
            {
                throw new CloneException(
                    $"'{owner}.{rule.Navigation}' leads to dependent rows, which cannot be shared with the copy (each row has one principal). Use Include to clone them or Skip to leave them out.");
            }
        }

        foreach (var rule in _options.Values)
        {
            var entities = MatchedEntities(rule.Entity);
            var property = entities.SelectMany(e => e.SelfAndDerived()).Select(e => e.FindProperty(rule.Property)).FirstOrDefault(p => p is not null);
            if (property is null)
            {
                var owner = Describe(rule.Entity, entities);
                var isNavigation = _schema.Relationships.Any(r => r.PrincipalToDependent == rule.Property || r.DependentToPrincipal == rule.Property)
                    || _schema.ManyToManys.Any(m => m.Navigation == rule.Property);
                throw new CloneException(isNavigation
                    ? $"'{owner}.{rule.Property}' is a navigation, not a property: use Include, Share, Link or Skip for it."
                    : $"'{owner}.{rule.Property}' is not a mapped property of the entity type '{owner}'.");
            }

            if (rule.Kind == ValueRuleKind.Reset && property.IsKey && !property.DeclaringEntity.Root.PrimaryKey.IsGenerated)
            {
                throw new CloneException(
                    $"The key property '{property}' cannot be reset: the database does not generate it. Supply the copies' key with Set.");
            }
        }

        foreach (var rule in _options.Suffixes)
        {
            var entities = MatchedEntities(rule.Entity);
            var property = entities.SelectMany(e => e.SelfAndDerived()).Select(e => e.FindProperty(rule.Property)).FirstOrDefault(p => p is not null)
                ?? throw new CloneException($"'{Describe(rule.Entity, entities)}.{rule.Property}' is not a mapped property of the entity type '{Describe(rule.Entity, entities)}'.");
            if (property.ClrType is { } type && type != typeof(string))
            {
                throw new CloneException($"A clone suffix applies to string properties; '{property}' is {type.Name}.");
            }
        }
    }

    private List<GraphEntity> MatchedEntities(EntitySelector selector)
    {
        var entities = _schema.Entities.Where(e => Matches(selector, e)).ToList();
        if (entities.Count == 0)
        {
            throw new CloneException(selector.ClrType is { } type
                ? $"The type '{type.Name}' is not an entity type of the model, so clone options cannot name it. Add it to the model or remove the option."
                : $"There is no entity or table named '{selector.Name}'.");
        }

        return entities;
    }

    private static string Describe(EntitySelector selector, List<GraphEntity> entities)
        => selector.ClrType?.Name ?? entities.FirstOrDefault()?.DisplayName ?? selector.ToString();

    private void AssignValues(PlanNode node)
    {
        foreach (var entity in node.Entity.SelfAndDerived())
        {
            foreach (var property in entity.DeclaredProperties)
            {
                if (property.ResetOnClone || (property.Generation == ValueGeneration.StoreDefault && !property.IsKey))
                {
                    node.Values[property] = PlanValue.Reset;
                }
            }
        }

        foreach (var rule in _options.Values)
        {
            foreach (var entity in node.Entity.SelfAndDerived().Where(e => Matches(rule.Entity, e)))
            {
                if (entity.FindProperty(rule.Property) is { } property)
                {
                    node.Values[property] = rule.Kind switch
                    {
                        ValueRuleKind.Constant => PlanValue.Of(rule.Value),
                        ValueRuleKind.Computed => PlanValue.From(rule.Factory!),
                        _ => PlanValue.Reset,
                    };
                }
            }
        }
    }

    private static void CheckKey(PlanNode node)
    {
        var key = node.Entity.PrimaryKey;
        if (key.IsGenerated)
        {
            return;
        }

        var fresh = key.Properties.Any(p =>
            (node.Values.TryGetValue(p, out var value) && value.Kind != PlanValueKind.Reset)
            || RemappedForeignKeys(node).Contains(p));
        if (!fresh)
        {
            var names = string.Join(", ", key.Properties.Select(p => p.Name));
            var example = key.Properties[0].Name;
            throw new CloneException(
                $"Cannot clone '{node.Entity.DisplayName}': its key ({names}) is not generated by the database, so a copy would repeat the original's key. "
                + $"Supply the copies' key, for example Set(e => e.{example}, original => ...), or clone it only under a principal whose copy makes the key new.");
        }
    }

    /// <summary>Foreign-key properties that copies get from a copied principal, which makes any key or index containing them new.</summary>
    private static HashSet<GraphProperty> RemappedForeignKeys(PlanNode node)
        => node.Incoming.Where(e => e.Direction == EdgeDirection.ToDependents).SelectMany(e => e.Relationship.ForeignKey).ToHashSet();

    /// <summary>A column named like a slug gets slug-style copies (<c>apollo-copy</c>); anything else <c>Apollo (copy)</c>.</summary>
    private static CloneSuffix DefaultSuffix(GraphProperty property)
        => property.Name.Contains("slug", StringComparison.OrdinalIgnoreCase) ? CloneSuffix.Slug : CloneSuffix.Default;

    private void PlanUniques(PlanNode node)
    {
        var remapped = RemappedForeignKeys(node);
        foreach (var index in node.Entity.SelfAndDerived().SelectMany(e => e.DeclaredUniqueIndexes))
        {
            if (index.Properties.Any(p => (p.IsKey && node.Entity.PrimaryKey.IsGenerated) || remapped.Contains(p) || node.Values.ContainsKey(p)))
            {
                continue;
            }

            var text = index.Properties.FirstOrDefault(p => p.ClrType == typeof(string));
            if (text is null)
            {
                var columns = string.Join(", ", index.Properties.Select(p => $"{p.Name} ({p.ClrType?.Name ?? "?"})"));
                throw new CloneException(
                    $"The unique index '{index.Name}' on '{index.Entity.DisplayName}' covers {columns}: a copy would repeat the original's values, and only strings can take a suffix. "
                    + $"Give the copies new values with Set(e => e.{index.Properties[0].Name}, original => ...), or Reset it if it is nullable.");
            }

            var suffix = _options.Suffixes.LastOrDefault(r => r.Property == text.Name && Matches(r.Entity, text.DeclaringEntity))?.Suffix
                         ?? text.ConfiguredSuffix
                         ?? text.DeclaringEntity.SelfAndBases().Select(e => e.ConfiguredSuffix).FirstOrDefault(s => s is not null)
                         ?? _options.DefaultSuffix ?? DefaultSuffix(text);
            node.Uniques.Add(new PlanUnique(index, text, suffix));
        }
    }
}
