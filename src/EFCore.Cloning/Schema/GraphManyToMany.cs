namespace EFCore.Cloning.Schema;

/// <summary>
/// One direction of a many-to-many: <see cref="Entity"/>.<see cref="Navigation"/> reaches <see cref="Target"/> rows
/// through join rows of <see cref="JoinEntity"/>. Linking copies the join rows (and their payload) for the copy.
/// </summary>
internal sealed class GraphManyToMany
{
    public GraphManyToMany(
        string navigation,
        GraphEntity entity,
        GraphEntity target,
        GraphEntity joinEntity,
        GraphRelationship toEntity,
        GraphRelationship toTarget)
    {
        Navigation = navigation;
        Entity = entity;
        Target = target;
        JoinEntity = joinEntity;
        ToEntity = toEntity;
        ToTarget = toTarget;
    }

    /// <summary>The navigation's name (<c>Task.Tags</c>); for a live database, the join table's name.</summary>
    public string Navigation { get; }

    public GraphEntity Entity { get; }

    public GraphEntity Target { get; }

    public GraphEntity JoinEntity { get; }

    /// <summary>The join entity's foreign key to <see cref="Entity"/>.</summary>
    public GraphRelationship ToEntity { get; }

    /// <summary>The join entity's foreign key to <see cref="Target"/>.</summary>
    public GraphRelationship ToTarget { get; }

    /// <summary>The strategy configured in the model for this navigation.</summary>
    public CloneStrategy? ConfiguredStrategy { get; set; }

    /// <summary>The filter configured in the model for this navigation (over <see cref="Target"/>): only links to those targets are copied.</summary>
    public System.Linq.Expressions.LambdaExpression? ConfiguredFilter { get; set; }

    public override string ToString() => $"{Entity.DisplayName}.{Navigation}";
}
