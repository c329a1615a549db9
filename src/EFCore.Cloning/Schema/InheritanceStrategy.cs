namespace EFCore.Cloning.Schema;

/// <summary>How a hierarchy is mapped to tables.</summary>
internal enum InheritanceStrategy
{
    /// <summary>No inheritance: one type, its own table.</summary>
    None,

    /// <summary>Table per hierarchy: every type in one table, told apart by a discriminator.</summary>
    Tph,

    /// <summary>Table per type: a row spreads over the tables of its type and each base type, sharing one key.</summary>
    Tpt,

    /// <summary>Table per concrete type: each concrete type has a full table; keys are unique across them (a shared sequence).</summary>
    Tpc,
}
