using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace EFCore.Cloning.Internal;

/// <summary>
/// The checks of clone configuration made in <c>OnModelCreating</c>: each as soon as the builder knows enough (the
/// annotation builders call the single-item checks), and all of them on the finished model (the convention registered
/// by <c>UseCloning</c>), with messages that name the entity type and the member.
/// </summary>
internal static class CloneConfigurationValidator
{
    public static void Validate(IReadOnlyModel model)
    {
        foreach (var entityType in model.GetEntityTypes())
        {
            foreach (var navigation in entityType.GetDeclaredNavigations())
            {
                if (navigation.FindAnnotation(CloneAnnotationNames.Strategy)?.Value is CloneStrategy strategy)
                {
                    ValidateStrategy(navigation, strategy);
                    ValidateRequiredReference(navigation, strategy);
                }
            }

            foreach (var navigation in entityType.GetDeclaredSkipNavigations())
            {
                if (navigation.FindAnnotation(CloneAnnotationNames.Strategy)?.Value is CloneStrategy strategy)
                {
                    ValidateStrategy(navigation, strategy);
                }
            }

            foreach (var property in entityType.GetDeclaredProperties())
            {
                if (property.FindAnnotation(CloneAnnotationNames.Suffix)?.Value is CloneSuffix)
                {
                    ValidateSuffix(property);
                }

                if (property.FindAnnotation(CloneAnnotationNames.ResetOnClone)?.Value is true && property.IsPrimaryKey())
                {
                    throw new CloneException(
                        $"ResetOnClone on '{entityType.DisplayName()}.{property.Name}' is not allowed: it is part of the primary key, and a copy's key is "
                        + "always new (made by the database) or supplied with Set. Remove ResetOnClone from the key property.");
                }
            }
        }
    }

    /// <summary>A clone filter belongs on a navigation from a principal to its dependents (what a filtered Include filters).</summary>
    public static void ValidateFilter(IReadOnlyNavigationBase navigation)
    {
        var name = $"{navigation.DeclaringEntityType.DisplayName()}.{navigation.Name}";
        switch (navigation)
        {
            case IReadOnlyNavigation { IsOnDependent: true }:
                throw new CloneException(
                    $"HasCloneFilter on '{name}' is not allowed: it leads to the principal '{navigation.TargetEntityType.DisplayName()}', which a copy either shares or clones whole. "
                    + "A filter applies to a navigation to dependents, such as a collection.");
            case IReadOnlyNavigation { ForeignKey.IsOwnership: true }:
                throw new CloneException($"HasCloneFilter on '{name}' is not allowed: owned types are part of their owner and always copied with it.");
        }
    }

    /// <summary>A strategy that the kind of navigation cannot take (known as soon as the navigation exists).</summary>
    public static void ValidateStrategy(IReadOnlyNavigationBase navigation, CloneStrategy strategy)
    {
        var name = $"{navigation.DeclaringEntityType.DisplayName()}.{navigation.Name}";
        switch (navigation)
        {
            case IReadOnlySkipNavigation when strategy == CloneStrategy.Share:
                throw new CloneException(
                    $"HasCloneStrategy(Share) on '{name}' is not allowed: it is a many-to-many navigation, whose targets are reached through join rows. "
                    + "Use Link to connect the copy to the same targets, Clone to copy the targets too, or Skip.");
            case IReadOnlyNavigation when strategy == CloneStrategy.Link:
                throw new CloneException(
                    $"HasCloneStrategy(Link) on '{name}' is not allowed: Link applies to many-to-many navigations, and '{name}' is not one. "
                    + "Use Clone to copy its rows, Share to point at the same rows, or Skip.");
            case IReadOnlyNavigation { IsOnDependent: false } dependents when strategy == CloneStrategy.Share:
                throw new CloneException(
                    $"HasCloneStrategy(Share) on '{name}' is not allowed: it leads to dependent rows of '{dependents.TargetEntityType.DisplayName()}', which cannot be shared "
                    + "with the copy (each row has one principal). Use Clone to copy them or Skip to leave them out.");
        }
    }

    /// <summary>Skip of a reference whose foreign key is required (known only once the relationship is complete).</summary>
    private static void ValidateRequiredReference(IReadOnlyNavigation navigation, CloneStrategy strategy)
    {
        if (strategy == CloneStrategy.Skip && navigation.IsOnDependent && navigation.ForeignKey.IsRequired)
        {
            var dependent = navigation.DeclaringEntityType.DisplayName();
            throw new CloneException(
                $"HasCloneStrategy(Skip) on '{dependent}.{navigation.Name}' is not allowed: the relationship to '{navigation.TargetEntityType.DisplayName()}' is required, "
                + $"so a copy of '{dependent}' needs a '{navigation.TargetEntityType.DisplayName()}'. Share or clone it instead.");
        }
    }

    /// <summary>A suffix on a property that is not a string (known as soon as the property exists).</summary>
    public static void ValidateSuffix(IReadOnlyProperty property)
    {
        if (property.ClrType != typeof(string))
        {
            throw new CloneException(
                $"HasCloneSuffix on '{property.DeclaringType.DisplayName()}.{property.Name}' is not allowed: a clone suffix applies to string properties, "
                + $"and '{property.Name}' is {property.ClrType.Name}. Give copies a new value with Set in the call instead.");
        }
    }
}
