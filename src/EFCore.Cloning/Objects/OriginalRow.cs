using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace EFCore.Cloning.Objects;

/// <summary>
/// One original row of the operation: its concrete entity type, its values (shadow properties included), and the
/// instance it was read from (the caller's tracked or passed entity when there is one, else an untracked copy from the
/// database). The instance is only read, never changed.
/// </summary>
internal sealed class OriginalRow
{
    public OriginalRow(IEntityType entityType, object instance, Dictionary<IProperty, object?> values, RowKey key)
    {
        EntityType = entityType;
        Instance = instance;
        Values = values;
        Key = key;
    }

    public IEntityType EntityType { get; }

    public object Instance { get; }

    /// <summary>Every property's value, read once.</summary>
    public Dictionary<IProperty, object?> Values { get; }

    public RowKey Key { get; }

    /// <summary>The copy, once made.</summary>
    public object? Copy { get; set; }

    /// <summary>The copy's entry in the context, once it is tracked.</summary>
    public EntityEntry? CopyEntry { get; set; }

    /// <summary>Shadow properties of owned references (read beside the row, since owned instances do not hold them).</summary>
    public Dictionary<(IEntityType Owned, IProperty Property), object?> OwnedShadows { get; } = [];

    public object? this[IProperty property] => Values.TryGetValue(property, out var value) ? value : null;

    public RowKey ValuesOf(IReadOnlyList<IProperty> properties)
    {
        // A loop, not LINQ: called per row and foreign key while loading and remapping, its garbage is per copied row.
        var values = new object?[properties.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = this[properties[i]];
        }

        return new RowKey(values);
    }
}
