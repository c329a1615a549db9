using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace EFCore.Cloning.Objects;

/// <summary>One copy <see cref="DirectSave"/> inserts: its entry, its tables, the key it is given, the copies it references.</summary>
internal sealed class DirectRow(EntityEntry entry, IReadOnlyList<ITableMapping> mappings)
{
    public EntityEntry Entry { get; } = entry;

    private PropertyValues? _current;

    /// <summary>The copy's current values, one object per row: reading them there makes no <c>PropertyEntry</c> per column.</summary>
    public PropertyValues Current => _current ??= Entry.CurrentValues;

    /// <summary>The tables the copy's row spans, the hierarchy's root table first (one, but for TPT).</summary>
    public IReadOnlyList<ITableMapping> Mappings { get; } = mappings;

    /// <summary>The table holding the key the database makes (the root table).</summary>
    public ITableMapping KeyMapping => Mappings[0];

    /// <summary>The generated key property that gets a reserved key (null: the copy's key is written as it is).</summary>
    public IProperty? NewKey { get; set; }

    /// <summary>The reserved key, once known.</summary>
    public object? ReservedKey { get; set; }

    /// <summary>The copy's JSON-owned entries, written into its row and accepted with it.</summary>
    public List<EntityEntry> Owned { get; } = [];

    /// <summary>Foreign keys of this copy that point at another copy inserted in the same save, with that copy.</summary>
    public List<(IForeignKey ForeignKey, DirectRow Principal)> References { get; } = [];
}

/// <summary>The part of a <see cref="DirectRow"/> that goes to one table.</summary>
internal sealed class DirectPart(DirectRow row, ITableMapping mapping, int index)
{
    public DirectRow Row { get; } = row;

    public ITableMapping Mapping { get; } = mapping;

    public ITable Table => Mapping.Table;

    public EntityEntry Entry => Row.Entry;

    /// <summary>Whether this is the root table's part, where the key is made (identity columns live there).</summary>
    public bool HoldsKey => index == 0;

    /// <summary>How many copies of the same table this one hangs under (0: none); parts are inserted in increasing depth.</summary>
    public int Depth { get; set; } = -1;
}
