namespace EFCore.Cloning.Schema;

/// <summary>A column of a <see cref="GraphTable"/>.</summary>
internal sealed class GraphColumn
{
    public GraphColumn(string name, string storeType)
    {
        Name = name;
        StoreType = storeType;
    }

    public string Name { get; }

    public string StoreType { get; }

    public bool IsNullable { get; set; }

    public int? MaxLength { get; set; }

    public ValueGeneration Generation { get; set; }

    public string? DefaultValueSql { get; set; }

    /// <summary>The column has a default (an expression or a constant), which an insert that leaves it out gets.</summary>
    public bool HasDefault { get; set; }

    /// <summary>The sequence a <c>serial</c> or <c>nextval</c> default draws from.</summary>
    public GraphSequence? Sequence { get; set; }

    /// <summary>Not written by an insert (computed, rowversion, system columns).</summary>
    public bool IsReadOnly => Generation == ValueGeneration.Computed;

    public override string ToString() => Name;
}
