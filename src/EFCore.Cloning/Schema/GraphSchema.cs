namespace EFCore.Cloning.Schema;

/// <summary>
/// The graph a clone walks: entities (EF entity types, or tables of a live database), the relationships
/// between them, many-to-many links, and the tables that store them. Built once per model and cached.
/// </summary>
internal sealed class GraphSchema
{
    private readonly Dictionary<string, GraphEntity> _entities;

    public GraphSchema(
        IEnumerable<GraphEntity> entities,
        IEnumerable<GraphRelationship> relationships,
        IEnumerable<GraphManyToMany> manyToManys,
        IEnumerable<GraphTable> tables)
    {
        Entities = entities.ToList();
        Relationships = relationships.ToList();
        ManyToManys = manyToManys.ToList();
        Tables = tables.ToList();
        _entities = Entities.ToDictionary(e => e.Name, StringComparer.Ordinal);
        foreach (var relationship in Relationships)
        {
            relationship.Principal.PrincipalOf.Add(relationship);
            relationship.Dependent.DependentOf.Add(relationship);
        }

        foreach (var link in ManyToManys)
        {
            link.Entity.ManyToManys.Add(link);
        }
    }

    /// <summary>Every entity, base types before derived ones.</summary>
    public IReadOnlyList<GraphEntity> Entities { get; }

    /// <summary>Every foreign-key relationship (EF foreign keys, or foreign-key constraints of a live database).</summary>
    public IReadOnlyList<GraphRelationship> Relationships { get; }

    /// <summary>Every many-to-many navigation, one per direction.</summary>
    public IReadOnlyList<GraphManyToMany> ManyToManys { get; }

    /// <summary>Every table that stores rows of some entity.</summary>
    public IReadOnlyList<GraphTable> Tables { get; }

    public GraphEntity? FindEntity(string name) => _entities.GetValueOrDefault(name);
}
