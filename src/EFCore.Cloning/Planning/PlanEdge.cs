using EFCore.Cloning.Schema;

namespace EFCore.Cloning.Planning;

/// <summary>Rows of <see cref="To"/> are copied because rows of <see cref="From"/> are, along <see cref="Relationship"/>.</summary>
internal sealed class PlanEdge
{
    public PlanEdge(PlanNode from, PlanNode to, GraphRelationship relationship, EdgeDirection direction, string reason)
    {
        From = from;
        To = to;
        Relationship = relationship;
        Direction = direction;
        Reason = reason;
    }

    public PlanNode From { get; }

    public PlanNode To { get; }

    public GraphRelationship Relationship { get; }

    public EdgeDirection Direction { get; }

    /// <summary>Why the edge is in the plan (an option, the model, a convention), for plan previews.</summary>
    public string Reason { get; }

    /// <summary>Which of the rows the edge reaches are copied (a filtered include, over the target's CLR type); null: all.</summary>
    public System.Linq.Expressions.LambdaExpression? Filter { get; init; }

    /// <summary>
    /// For a many-to-many's join rows: the join's foreign key to the targets <see cref="Filter"/> is written over; the
    /// join rows copied are those whose target passes it. Null: the filter is over the edge's own rows.
    /// </summary>
    public GraphRelationship? FilterThrough => Filter is not null ? Relationship.JoinOf?.ToTarget : null;

    /// <summary>Where <see cref="Filter"/> comes from ("option" or "model"), for plan previews.</summary>
    public string? FilterOrigin { get; init; }

    /// <summary>The navigation followed, for messages and previews.</summary>
    public string Navigation => Direction == EdgeDirection.ToDependents
        ? Relationship.PrincipalToDependent ?? Relationship.Dependent.DisplayName
        : Relationship.DependentToPrincipal ?? Relationship.Principal.DisplayName;

    public override string ToString() => $"{From} -> {To} via {Navigation} ({Reason})";
}

/// <summary>Which way an edge follows its foreign key.</summary>
internal enum EdgeDirection
{
    /// <summary>From a copied principal to its dependents (children, one-to-one dependents, owned types, join rows).</summary>
    ToDependents,

    /// <summary>From a copied dependent to its principal, which is copied too.</summary>
    ToPrincipal,
}
