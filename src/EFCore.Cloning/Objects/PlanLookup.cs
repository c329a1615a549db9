using EFCore.Cloning.Planning;
using EFCore.Cloning.Schema;
using Microsoft.EntityFrameworkCore.Metadata;

namespace EFCore.Cloning.Objects;

/// <summary>Finds the plan's decisions for EF metadata: the value source of a property of a row of a given type.</summary>
internal sealed class PlanLookup(ClonePlan plan)
{
    private readonly Dictionary<(IEntityType, IProperty), PlanValue?> _values = [];

    public ClonePlan Plan => plan;

    public GraphEntity Entity(IEntityType entityType)
        => plan.Schema.FindEntity(entityType.Name) ?? throw new InvalidOperationException($"'{entityType.DisplayName()}' is not in the clone schema.");

    /// <summary>What a copy of a row of <paramref name="entityType"/> gets for <paramref name="property"/>; null keeps the original's value.</summary>
    public PlanValue? ValueOf(IEntityType entityType, IProperty property)
    {
        if (!_values.TryGetValue((entityType, property), out var value))
        {
            var entity = Entity(entityType);
            value = plan.Find(entity) is { } node && entity.FindProperty(property.Name) is { } graphProperty
                ? node.Values.For(graphProperty, entity)
                : null;
            _values[(entityType, property)] = value;
        }

        return value;
    }

    public bool Is(GraphProperty graphProperty, IProperty property)
        => graphProperty.Name == property.Name && graphProperty.DeclaringEntity.Name == property.DeclaringType.Name;

    public static bool Is(GraphRelationship relationship, IForeignKey foreignKey)
        => relationship.Dependent.Name == foreignKey.DeclaringEntityType.Name
           && relationship.Principal.Name == foreignKey.PrincipalEntityType.Name
           && relationship.ForeignKey.Select(p => p.Name).SequenceEqual(foreignKey.Properties.Select(p => p.Name));
}
