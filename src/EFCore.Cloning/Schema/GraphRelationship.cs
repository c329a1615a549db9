namespace EFCore.Cloning.Schema;

/// <summary>
/// A foreign key: dependent rows point at a principal row. Carries the navigation names on both sides,
/// which is how options and the model configuration name it.
/// </summary>
internal sealed class GraphRelationship
{
    public GraphRelationship(
        string name,
        GraphEntity principal,
        IReadOnlyList<GraphProperty> principalKey,
        GraphEntity dependent,
        IReadOnlyList<GraphProperty> foreignKey)
    {
        Name = name;
        Principal = principal;
        PrincipalKey = principalKey;
        Dependent = dependent;
        ForeignKey = foreignKey;
    }

    /// <summary>The constraint's name or EF's description of the foreign key, for messages.</summary>
    public string Name { get; }

    /// <summary>The principal type as declared (may be a base type: then the dependent may point at any row of the hierarchy).</summary>
    public GraphEntity Principal { get; }

    public IReadOnlyList<GraphProperty> PrincipalKey { get; }

    public GraphEntity Dependent { get; }

    public IReadOnlyList<GraphProperty> ForeignKey { get; }

    /// <summary>The dependent cannot exist without a principal (non-nullable foreign key).</summary>
    public bool IsRequired { get; set; }

    /// <summary>At most one dependent per principal (one-to-one).</summary>
    public bool IsUnique { get; set; }

    /// <summary>The dependent is owned by the principal (EF owned types).</summary>
    public bool IsOwnership { get; set; }

    public bool IsCascadeDelete { get; set; }

    /// <summary>Navigation on the principal to its dependents (<c>Project.Tasks</c>), or null.</summary>
    public string? PrincipalToDependent { get; set; }

    /// <summary>Navigation on the dependent to its principal (<c>Task.Project</c>), or null.</summary>
    public string? DependentToPrincipal { get; set; }

    /// <summary>The strategy configured in the model for <see cref="PrincipalToDependent"/>.</summary>
    public CloneStrategy? ConfiguredPrincipalToDependent { get; set; }

    /// <summary>The strategy configured in the model for <see cref="DependentToPrincipal"/>.</summary>
    public CloneStrategy? ConfiguredDependentToPrincipal { get; set; }

    /// <summary>The filter configured in the model for <see cref="PrincipalToDependent"/>: only those dependents are cloned.</summary>
    public System.Linq.Expressions.LambdaExpression? ConfiguredFilter { get; set; }

    /// <summary>The many-to-many this relationship is one half of, when the dependent is a join entity.</summary>
    public GraphManyToMany? JoinOf { get; set; }

    public bool IsSelfReference => Principal.Root == Dependent.Root;

    public override string ToString() => Name;
}
