namespace EFCore.Cloning.Internal;

/// <summary>Model annotations that carry clone configuration from <c>OnModelCreating</c> to the planner.</summary>
internal static class CloneAnnotationNames
{
    private const string Prefix = "EFCore.Cloning:";

    /// <summary>On a navigation or skip navigation: its <see cref="CloneStrategy"/>.</summary>
    public const string Strategy = Prefix + "Strategy";

    /// <summary>On a navigation to dependents: the filter (a lambda over the dependent) of the rows a clone copies.</summary>
    public const string Filter = Prefix + "Filter";

    /// <summary>On a property: the <see cref="ValueRule"/> (a constant or an expression of the original) copies get.</summary>
    public const string Value = Prefix + "Value";

    /// <summary>On a property: copies get the default instead of the original's value.</summary>
    public const string ResetOnClone = Prefix + "ResetOnClone";

    /// <summary>On a property or an entity type: the <see cref="CloneSuffix"/> for unique string values.</summary>
    public const string Suffix = Prefix + "Suffix";

    /// <summary>On an entity type: the only properties copies keep (a string array); the others get their defaults.</summary>
    public const string Only = Prefix + "Only";

    /// <summary>On an entity type: the properties copies store their original's key in (a string array).</summary>
    public const string Origin = Prefix + "Origin";

    /// <summary>On an entity type: its <see cref="CloneHooks"/>.</summary>
    public const string Hooks = Prefix + "Hooks";
}
