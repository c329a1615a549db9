namespace EFCore.Cloning.Schema;

/// <summary>A primary key and how a copy gets a new value for it.</summary>
internal sealed class GraphKey
{
    public GraphKey(IReadOnlyList<GraphProperty> properties, ValueGeneration generation)
    {
        Properties = properties;
        Generation = generation;
    }

    public IReadOnlyList<GraphProperty> Properties { get; }

    /// <summary>How a single-column key is generated; <see cref="ValueGeneration.None"/> for natural and composite keys.</summary>
    public ValueGeneration Generation { get; }

    /// <summary>The sequence that feeds the key (serial, explicit sequence, HiLo, TPC's shared sequence), schema-qualified as the database names it.</summary>
    public GraphSequence? Sequence { get; set; }

    public bool IsGenerated => Generation is not ValueGeneration.None;
}
