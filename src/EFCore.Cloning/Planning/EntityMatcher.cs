using EFCore.Cloning.Internal;
using EFCore.Cloning.Schema;

namespace EFCore.Cloning.Planning;

/// <summary>Which entities an option's <see cref="EntitySelector"/> names.</summary>
internal static class EntityMatcher
{
    /// <summary>
    /// For navigation rules: the entity is of the selector's type or one of its bases or derived types (a navigation
    /// declared on a base type is named from the derived type too).
    /// </summary>
    public static bool Matches(EntitySelector selector, GraphEntity entity)
    {
        if (selector.ClrType is { } clrType)
        {
            return entity.ClrType is { } entityType && (clrType.IsAssignableFrom(entityType) || entityType.IsAssignableFrom(clrType)) && OwnerMatches(selector, entity);
        }

        return selector.Name is null || entity.SelfAndBases().Any(e => e.Name == selector.Name || e.DisplayName == selector.Name);
    }

    /// <summary>For value rules: rows of the concrete type <paramref name="concrete"/> are of the selector's type (or derive from it).</summary>
    public static bool Covers(EntitySelector selector, GraphEntity concrete)
    {
        if (selector.ClrType is { } clrType)
        {
            return concrete.ClrType is { } entityType && clrType.IsAssignableFrom(entityType) && OwnerMatches(selector, concrete);
        }

        return selector.Name is null || concrete.SelfAndBases().Any(e => e.Name == selector.Name || e.DisplayName == selector.Name);
    }

    private static bool OwnerMatches(EntitySelector selector, GraphEntity entity)
    {
        if (selector.Owner is null)
        {
            return true;
        }

        return entity.Ownership is { } ownership
               && ownership.PrincipalToDependent == selector.OwnerNavigation
               && ownership.Principal.SelfAndDerived().Any(o => o.ClrType is { } ownerType && (selector.Owner.IsAssignableFrom(ownerType) || ownerType.IsAssignableFrom(selector.Owner)));
    }
}
