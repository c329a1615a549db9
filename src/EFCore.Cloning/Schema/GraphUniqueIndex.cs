namespace EFCore.Cloning.Schema;

/// <summary>A unique index or unique constraint (other than the primary key) whose values a copy must not repeat.</summary>
internal sealed class GraphUniqueIndex
{
    public GraphUniqueIndex(string name, GraphEntity entity, IReadOnlyList<GraphProperty> properties)
    {
        Name = name;
        Entity = entity;
        Properties = properties;
    }

    public string Name { get; }

    public GraphEntity Entity { get; }

    public IReadOnlyList<GraphProperty> Properties { get; }

    /// <summary>A partial index's filter (<c>WHERE ...</c>), if any.</summary>
    public string? Filter { get; set; }

    public override string ToString() => $"{Name} ({string.Join(", ", Properties.Select(p => p.Name))}) on {Entity.DisplayName}";
}
