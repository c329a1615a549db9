using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace EFCore.Cloning.Objects;

/// <summary>
/// Turns one row of the loader's untracked query (the instance, then its shadow properties) into an
/// <see cref="OriginalRow"/>; a row the caller's context tracks is read from its entry instead, so unsaved edits count.
/// Runs once per loaded row, so the per-type lists are built once.
/// </summary>
internal sealed class LoadedRowReader(IModel model, TrackedRows tracked)
{
    private readonly Dictionary<IEntityType, List<IProperty>> _properties = [];

    /// <summary>The shadow properties a query of <paramref name="entityType"/> projects beside the instance, in order.</summary>
    public static List<IProperty> ShadowProperties(IEntityType entityType)
        => entityType.GetProperties().Where(p => p.IsShadowProperty()).ToList();

    /// <summary>The original row for <paramref name="instance"/>, queried as <paramref name="queried"/> with <paramref name="shadows"/> projected after it.</summary>
    public OriginalRow Read(IEntityType queried, object instance, List<IProperty> shadows, object?[] projected)
    {
        // Property bags (implicit join entities) share one CLR type, so the queried type is the row's type.
        var entityType = queried.HasSharedClrType ? queried : model.FindRuntimeEntityType(instance.GetType()) ?? queried;
        var key = entityType.FindPrimaryKey()!.Properties;
        var keyArray = new object?[key.Count];
        for (var i = 0; i < keyArray.Length; i++)
        {
            keyArray[i] = key[i].IsShadowProperty() ? projected[1 + shadows.IndexOf(key[i])] : EfMembers.Get(key[i], instance);
        }

        var keyValues = new RowKey(keyArray);
        if (tracked.Find(entityType, keyValues) is { } entry)
        {
            // The caller's tracked instance is the original they see (current values, shadow properties included).
            var current = entityType.GetProperties().ToDictionary(p => p, p => entry.Property(p.Name).CurrentValue);
            return new OriginalRow(entityType, entry.Entity, current, keyValues);
        }

        var properties = Properties(entityType);
        var values = new Dictionary<IProperty, object?>(properties.Count);
        foreach (var property in properties)
        {
            values[property] = property.IsShadowProperty()
                ? (ShadowIndex(shadows, property) is var shadowIndex && shadowIndex >= 0 ? projected[1 + shadowIndex] : null)
                : EfMembers.Get(property, instance);
        }

        return new OriginalRow(entityType, instance, values, keyValues);
    }

    private List<IProperty> Properties(IEntityType entityType)
    {
        if (!_properties.TryGetValue(entityType, out var properties))
        {
            _properties[entityType] = properties = entityType.GetProperties().ToList();
        }

        return properties;
    }

    /// <summary>Where the query projected a shadow property (matched by name: the queried type may be a base of the row's), or -1.</summary>
    private static int ShadowIndex(List<IProperty> shadows, IProperty property)
    {
        for (var i = 0; i < shadows.Count; i++)
        {
            if (shadows[i].Name == property.Name)
            {
                return i;
            }
        }

        return -1;
    }
}
