using EFCore.Cloning.Schema;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace EFCore.Cloning.Objects;

/// <summary>
/// What <see cref="DirectSave"/> must know of the copies before it inserts them: which get a key reserved at the save,
/// and which other copies each one's foreign keys point at (the order of the inserts, the keys to repoint).
/// </summary>
internal static class DirectLinks
{
    /// <summary>
    /// Finds each copy's new key and the references between copies (a foreign key holding another copy's temporary
    /// key), those of the copies left to SaveChanges included; false when a copy inserted here holds a temporary value
    /// that is neither.
    /// </summary>
    public static bool Link(List<DirectRow> rows, List<EntityEntry> remainder, List<(EntityEntry, IForeignKey, DirectRow)> remainderReferences)
    {
        var byKey = new Dictionary<(IEntityType Root, bool Temporary, string Key), DirectRow>();
        foreach (var row in rows)
        {
            var key = row.Entry.Metadata.FindPrimaryKey()!;
            var property = key.Properties[0];
            var value = row.Current[property];
            var temporary = row.Entry.Property(property).IsTemporary;
            if (key.Properties.Count == 1 && !property.GetContainingForeignKeys().Any(f => !IsHierarchyLink(f)) && (property.ValueGenerated & ValueGenerated.OnAdd) != 0
                && (temporary || IsSentinel(property, value)))
            {
                if (!ReservableKey(property, row.KeyMapping) || value is null)
                {
                    return false;
                }

                row.NewKey = property;
            }

            // Keys reserved before the copies were built are real already: the references to them order the inserts too.
            byKey[(row.Entry.Metadata.GetRootType(), temporary, DirectRemainder.KeyText(row.Current, key.Properties))] = row;
        }

        foreach (var entry in remainder)
        {
            remainderReferences.AddRange(ReferencesOf(entry, entry.CurrentValues, byKey).Where(r => r.Principal.NewKey is not null).Select(r => (entry, r.ForeignKey, r.Principal)));
        }

        foreach (var row in rows)
        {
            var referenced = new HashSet<IProperty>();
            foreach (var (foreignKey, principal) in ReferencesOf(row.Entry, row.Current, byKey))
            {
                row.References.Add((foreignKey, principal));
                if (principal.NewKey is not null && foreignKey.Properties.Count == 1)
                {
                    referenced.Add(foreignKey.Properties[0]);
                }
            }

            foreach (var property in MayBeTemporary(row.Entry.Metadata))
            {
                if (property != row.NewKey && !referenced.Contains(property) && row.Entry.Property(property).IsTemporary)
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>The copies a copy's foreign keys point at, among those inserted here.</summary>
    private static List<(IForeignKey ForeignKey, DirectRow Principal)> ReferencesOf(EntityEntry entry, PropertyValues current, Dictionary<(IEntityType Root, bool Temporary, string Key), DirectRow> byKey)
    {
        var references = new List<(IForeignKey, DirectRow)>();
        foreach (var foreignKey in KeyReferences(entry.Metadata))
        {
            var complete = true;
            var temporary = false;
            foreach (var property in foreignKey.Properties)
            {
                complete &= current[property] is not null;
                temporary |= complete && entry.Property(property).IsTemporary;
            }

            if (complete
                && byKey.TryGetValue((foreignKey.PrincipalEntityType.GetRootType(), temporary, DirectRemainder.KeyText(current, foreignKey.Properties)), out var principal)
                && foreignKey.PrincipalEntityType.IsAssignableFrom(principal.Entry.Metadata))
            {
                references.Add((foreignKey, principal));
            }
        }

        return references;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<IEntityType, IForeignKey[]> KeyReferencesByType = new();
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<IEntityType, IProperty[]> MayBeTemporaryByType = new();

    /// <summary>The properties that can hold a temporary value: only value generators and the foreign keys they propagate to make them.</summary>
    private static IProperty[] MayBeTemporary(IEntityType entityType)
        => MayBeTemporaryByType.GetOrAdd(entityType, type => type.GetProperties().Where(p => (p.ValueGenerated & ValueGenerated.OnAdd) != 0 || p.IsForeignKey()).ToArray());

    /// <summary>The type's foreign keys to a primary key of another row (a TPT table's link to its base left out), listed once per type.</summary>
    private static IForeignKey[] KeyReferences(IEntityType entityType)
        => KeyReferencesByType.GetOrAdd(entityType, type => type.GetForeignKeys().Where(f => !IsHierarchyLink(f) && f.PrincipalKey.IsPrimaryKey()).ToArray());

    /// <summary>The key of a TPT type's table referencing its base type's: the row's own parts, one key.</summary>
    internal static bool IsHierarchyLink(IForeignKey foreignKey)
        => foreignKey.IsUnique && foreignKey.PrincipalKey.IsPrimaryKey() && foreignKey.Properties.SequenceEqual(foreignKey.DeclaringEntityType.FindPrimaryKey()!.Properties)
           && foreignKey.DeclaringEntityType.GetRootType() == foreignKey.PrincipalEntityType.GetRootType()
           && foreignKey.PrincipalEntityType.IsAssignableFrom(foreignKey.DeclaringEntityType);

    /// <summary>An integer key made by an identity or serial column (no converter, no default of its own): keys can be reserved.</summary>
    internal static bool ReservableKey(IProperty property, ITableMapping mapping)
    {
        var type = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
        var column = mapping.ColumnMappings.FirstOrDefault(c => c.Property == property);
        return type == typeof(int) || type == typeof(long) || type == typeof(short)
            ? column is not null && column.TypeMapping.Converter is null && property.GetDefaultValueSql() is null
              && EfValueGeneration.Of(property) is ValueGeneration.IdentityByDefault or ValueGeneration.IdentityAlways or ValueGeneration.Sequence
            : false;
    }

    internal static bool IsSentinel(IProperty property, object? value)
        => property.GetValueComparer().Equals(value, property.Sentinel);
}
