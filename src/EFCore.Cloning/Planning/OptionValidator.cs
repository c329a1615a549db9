using EFCore.Cloning.Internal;
using EFCore.Cloning.Schema;

namespace EFCore.Cloning.Planning;

/// <summary>Rejects options that name nothing, or name something their rule cannot apply to, before anything is planned.</summary>
internal sealed class OptionValidator
{
    private readonly GraphSchema _schema;
    private readonly CloneOptions _options;

    public OptionValidator(GraphSchema schema, CloneOptions options)
    {
        _schema = schema;
        _options = options;
    }

    public void Validate()
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

            if (rule.Filter is not null && links.Count == 0 && relationships.All(r => r.PrincipalToDependent != rule.Navigation || r.IsOwnership))
            {
                throw new CloneException(
                    $"The filtered include of '{owner}.{rule.Navigation}' is not supported: a filter applies to a navigation to dependent rows or to many-to-many targets (a collection), not to a principal or an owned type.");
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

        foreach (var rule in _options.Only)
        {
            var entities = MatchedEntities(rule.Entity);
            foreach (var name in rule.Properties.Where(n => !entities.SelectMany(e => e.SelfAndDerived()).Any(e => e.FindProperty(n) is not null)))
            {
                throw new CloneException($"Only lists '{Describe(rule.Entity, entities)}.{name}', which is not a mapped property of it.");
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
        var entities = _schema.Entities.Where(e => EntityMatcher.Matches(selector, e)).ToList();
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
}
