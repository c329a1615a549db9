namespace EFCore.Cloning.Schema;

/// <summary>A scalar property (or a live table's column) and how its value comes to be.</summary>
internal sealed class GraphProperty
{
    public GraphProperty(GraphEntity declaringEntity, string name)
    {
        DeclaringEntity = declaringEntity;
        Name = name;
    }

    public GraphEntity DeclaringEntity { get; }

    public string Name { get; }

    /// <summary>The CLR type of the value, when known (always for EF models; a mapped type for live databases).</summary>
    public Type? ClrType { get; set; }

    public bool IsNullable { get; set; }

    public int? MaxLength { get; set; }

    public bool IsKey { get; set; }

    public bool IsShadow { get; set; }

    public bool IsConcurrencyToken { get; set; }

    /// <summary>How the database fills the column when the property is not given.</summary>
    public ValueGeneration Generation { get; set; }

    /// <summary>The SQL default of the column, when it has one.</summary>
    public string? DefaultValueSql { get; set; }

    /// <summary>The column has a store default (a constant or an expression) that an insert without the column uses.</summary>
    public bool HasStoreDefault { get; set; }

    /// <summary>Converts a model value to the value the database stores (the property's value converter), when it has one.</summary>
    public Func<object?, object?>? ToProvider { get; set; }

    /// <summary>The column compares text without case (SQLite <c>NOCASE</c>, PostgreSQL <c>citext</c>, a <c>_ci</c> collation): unique values are case-insensitive.</summary>
    public bool IsCaseInsensitive { get; set; }

    /// <summary>Configured in the model (<c>SetOnClone</c>): the constant or expression of the original copies get.</summary>
    public Internal.ValueRule? ConfiguredValue { get; set; }

    /// <summary>Configured in the model: copies get the default instead of the original's value.</summary>
    public bool ResetOnClone { get; set; }

    /// <summary>The suffix format configured in the model for this property.</summary>
    public CloneSuffix? ConfiguredSuffix { get; set; }

    public override string ToString() => $"{DeclaringEntity.DisplayName}.{Name}";
}
