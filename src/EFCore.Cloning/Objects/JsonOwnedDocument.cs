using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace EFCore.Cloning.Objects;

/// <summary>
/// The JSON column of a copy's owned reference mapped with <c>ToJson()</c>, written for <see cref="DirectSave"/> as EF's
/// update pipeline writes it for an Added owner: one object per owned entity, its non-key properties in model order
/// under their JSON names, each value through the property's own <c>JsonValueReaderWriter</c>, nested owned references
/// inside it, with the same writer options; a null owned reference leaves the column to its default (NULL here, as
/// only columns without a default are taken on). Owned collections (their ordinal keys are set inside EF's save) and
/// complex types stay with SaveChanges.
/// </summary>
internal static class JsonOwnedDocument
{
    private static readonly ConcurrentDictionary<IEntityType, bool> Writable = new();
    private static readonly ConcurrentDictionary<(IEntityType, ITable), IReadOnlyList<(INavigation Navigation, IColumn Column)>> Columns = new();

    /// <summary>Whether every ownership of <paramref name="owner"/> (declared on it or a base) is a JSON reference this class writes exactly.</summary>
    public static bool OwnsOnlyWritableJson(IEntityType owner)
        => OwnedCopier.Ownerships(owner).All(n => !n.IsCollection && IsWritable(n.TargetEntityType) && n.TargetEntityType.IsMappedToJson()
            && ContainerColumn(n) is { DefaultValueSql: null, ComputedColumnSql: null } column && column.DefaultValue is null);

    /// <summary>The JSON columns of <paramref name="owner"/>'s copies in <paramref name="table"/>, with the owned reference each holds.</summary>
    public static IReadOnlyList<(INavigation Navigation, IColumn Column)> ColumnsOf(IEntityType owner, ITable table)
        => Columns.GetOrAdd((owner, table), key => OwnedCopier.Ownerships(key.Item1)
            .Select(n => (Navigation: n, Column: ContainerColumn(n)))
            .Where(c => c.Column?.Table == key.Item2)
            .Select(c => (c.Navigation, c.Column!))
            .ToList());

    /// <summary>
    /// Adds the owned entries under <paramref name="owner"/> to <paramref name="owned"/> (they are accepted with it);
    /// false when an owned value is not tracked as Added beside it, where only SaveChanges knows what to write.
    /// </summary>
    public static bool CollectOwned(EntityEntry owner, List<EntityEntry> owned)
    {
        foreach (var navigation in OwnedCopier.Ownerships(owner.Metadata))
        {
            var reference = owner.Reference(navigation);
            if (reference.CurrentValue is null)
            {
                continue;
            }

            if (reference.TargetEntry is not { State: EntityState.Added } target || !CollectOwned(target, owned))
            {
                return false;
            }

            owned.Add(target);
        }

        return true;
    }

    /// <summary>The column's value: the document EF would write, or null for a null owned reference.</summary>
    public static string? Write(EntityEntry owner, INavigation navigation)
    {
        var reference = owner.Reference(navigation);
        if (reference.CurrentValue is null)
        {
            return null;
        }

        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false }))
        {
            WriteObject(writer, reference.TargetEntry!);
        }

        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    private static void WriteObject(Utf8JsonWriter writer, EntityEntry entry)
    {
        writer.WriteStartObject();
        var values = entry.CurrentValues;
        foreach (var property in entry.Metadata.GetProperties())
        {
            // Keys of an owned reference are its owner's key: not in the document.
            if (property.IsKey())
            {
                continue;
            }

            writer.WritePropertyName(property.GetJsonPropertyName()!);
            if (values[property] is { } value)
            {
                ReaderWriter(property)!.ToJson(writer, value);
            }
            else
            {
                writer.WriteNullValue();
            }
        }

        foreach (var navigation in entry.Metadata.GetNavigations().Where(n => !n.IsOnDependent))
        {
            writer.WritePropertyName(navigation.TargetEntityType.GetJsonPropertyName()!);
            var reference = entry.Reference(navigation);
            if (reference.CurrentValue is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                WriteObject(writer, reference.TargetEntry!);
            }
        }

        writer.WriteEndObject();
    }

    private static Microsoft.EntityFrameworkCore.Storage.Json.JsonValueReaderWriter? ReaderWriter(IProperty property)
        => property.GetJsonValueReaderWriter() ?? property.GetTypeMapping().JsonValueReaderWriter;

    private static IColumn? ContainerColumn(INavigation navigation)
    {
        var owned = navigation.TargetEntityType;
        var mapping = owned.GetTableMappings().FirstOrDefault();
        return mapping is null || owned.GetContainerColumnName() is not { } name ? null : mapping.Table.FindColumn(name);
    }

    /// <summary>An owned type (and those it owns) with references only, no complex properties, every value with a JSON reader-writer.</summary>
    private static bool IsWritable(IEntityType owned)
        => Writable.GetOrAdd(owned, type =>
            !type.GetComplexProperties().Any()
            && type.GetProperties().All(p => p.IsKey() || (ReaderWriter(p) is not null && p.GetJsonPropertyName() is not null))
            && OwnedCopier.Ownerships(type).All(n => !n.IsCollection && IsWritable(n.TargetEntityType)));
}
