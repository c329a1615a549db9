namespace EFCore.Cloning.Schema;

/// <summary>
/// One kind of row: an EF entity type, or one table of a live database. Inheritance hierarchies are kept as
/// one entity per type, linked through <see cref="Base"/>; planning works on hierarchy roots.
/// </summary>
internal sealed class GraphEntity
{
    public GraphEntity(string name, string displayName)
    {
        Name = name;
        DisplayName = displayName;
    }

    /// <summary>The unique name: the EF entity type name, or the table's qualified name.</summary>
    public string Name { get; }

    /// <summary>The name users know (the CLR type's short name, or the table name), for messages.</summary>
    public string DisplayName { get; }

    /// <summary>The CLR type of an EF entity type; null for a table of a live database.</summary>
    public Type? ClrType { get; set; }

    /// <summary>The suffix format configured in the model for this type's unique strings.</summary>
    public CloneSuffix? ConfiguredSuffix { get; set; }

    public GraphEntity? Base { get; set; }

    /// <summary>For a TPH hierarchy: the discriminator property (declared on the root) and this type's value of it.</summary>
    public (GraphProperty Property, object? Value)? Discriminator { get; set; }

    /// <summary>The model has a global query filter for this hierarchy (declared on its root).</summary>
    public bool HasQueryFilter { get; set; }

    /// <summary>Configured in the model (<c>RecordCloneOrigin</c>): the properties copies store their original's key in.</summary>
    public IReadOnlyList<string>? ConfiguredOrigin { get; set; }

    /// <summary>Configured in the model (<c>CloneOnly</c>): the only properties copies keep.</summary>
    public IReadOnlyList<string>? ConfiguredOnly { get; set; }

    /// <summary>An owned type stored as a JSON document in its owner's row.</summary>
    public bool IsJson { get; set; }

    public List<GraphEntity> Derived { get; } = [];

    public InheritanceStrategy Inheritance { get; set; }

    public bool IsAbstract { get; set; }

    /// <summary>Owned entity types live and die with their owner; they are always cloned with it.</summary>
    public bool IsOwned { get; set; }

    /// <summary>
    /// The hooks configured in the model that work on entities (OnCloning, OnCloned and their async forms), by name:
    /// only object mode can run them. Guards and commit hooks, which both engines run, are not among them.
    /// </summary>
    public IReadOnlyList<string> EntityHooks { get; set; } = [];

    /// <summary>The model gives it <c>OnCloneCommitted</c> hooks, which receive the copies' key mappings after the commit.</summary>
    public bool HasCommitHooks { get; set; }

    /// <summary>Mapped to a view, a SQL query or a function rather than a table: set mode cannot copy it.</summary>
    public string? NotCopyableInSetModeReason { get; set; }

    /// <summary>The properties declared on this type (not inherited ones).</summary>
    public List<GraphProperty> DeclaredProperties { get; } = [];

    public GraphKey PrimaryKey { get; set; } = null!;

    public List<GraphUniqueIndex> DeclaredUniqueIndexes { get; } = [];

    /// <summary>Where this type's rows are stored; for TPT each level adds its own table, for TPC each concrete type has its own.</summary>
    public List<GraphEntityTable> Tables { get; } = [];

    /// <summary>Relationships in which this type (declared on it, not inherited) is the principal.</summary>
    public List<GraphRelationship> PrincipalOf { get; } = [];

    /// <summary>Relationships in which this type (declared on it, not inherited) is the dependent.</summary>
    public List<GraphRelationship> DependentOf { get; } = [];

    public List<GraphManyToMany> ManyToManys { get; } = [];

    public GraphEntity Root => Base?.Root ?? this;

    /// <summary>The relationship to the owner, for an owned type.</summary>
    public GraphRelationship? Ownership => DependentOf.FirstOrDefault(r => r.IsOwnership);

    public IEnumerable<GraphEntity> SelfAndBases()
    {
        for (var entity = this; entity is not null; entity = entity.Base)
        {
            yield return entity;
        }
    }

    public IEnumerable<GraphEntity> SelfAndDerived()
    {
        yield return this;
        foreach (var derived in Derived)
        {
            foreach (var entity in derived.SelfAndDerived())
            {
                yield return entity;
            }
        }
    }

    /// <summary>Every property, inherited ones included, base-first.</summary>
    public IEnumerable<GraphProperty> Properties => SelfAndBases().Reverse().SelectMany(e => e.DeclaredProperties);

    public IEnumerable<GraphUniqueIndex> UniqueIndexes => SelfAndBases().SelectMany(e => e.DeclaredUniqueIndexes);

    public GraphProperty? FindProperty(string name) => Properties.FirstOrDefault(p => p.Name == name);

    public override string ToString() => DisplayName;
}
