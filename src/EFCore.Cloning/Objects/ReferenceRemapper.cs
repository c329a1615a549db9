using EFCore.Cloning.Planning;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace EFCore.Cloning.Objects;

/// <summary>
/// Points every foreign key of a copy at the copy of its principal when the operation copies that principal (through
/// the primary key or an alternate key), at null where the plan skips the reference, and at the same row otherwise.
/// </summary>
internal sealed class ReferenceRemapper(GraphLoader loader, PlanLookup plan)
{
    private readonly Dictionary<(IEntityType Root, IKey Key), Dictionary<RowKey, OriginalRow>> _alternateKeys = [];

    /// <summary>References from a copy to another copy through an optional foreign key: the ones a cycle can be broken at.</summary>
    public List<(EntityEntry Dependent, IForeignKey ForeignKey, EntityEntry Principal)> OptionalCopyReferences { get; } = [];

    public void Point(PlanNode node, OriginalRow row) => Point(node, row, row.CopyEntry!, final: true);

    /// <summary>
    /// Before the copy is tracked: the foreign keys whose values are known already (shared and skipped principals, and
    /// principals copied earlier), written to the detached copy, so that EF links each once as the copy is added instead
    /// of re-linking an Added entry on every change; <see cref="Point(PlanNode, OriginalRow)"/> does the rest afterwards.
    /// </summary>
    public void PointKnown(PlanNode node, OriginalRow row, EntityEntry detached) => Point(node, row, detached, final: false);

    private void Point(PlanNode node, OriginalRow row, EntityEntry entry, bool final)
    {
        foreach (var (foreignKey, nulled) in PointedKeys(node, row.EntityType))
        {
            object?[] values;
            if (nulled)
            {
                values = new object?[foreignKey.Properties.Count];
            }
            else if (FindPrincipal(row, foreignKey) is { } principal && (principal.CopyEntry is not null || !final))
            {
                if (principal.CopyEntry is not { } principalCopy)
                {
                    // Its copy may be made later: pointed at it once every copy exists.
                    continue;
                }

                values = foreignKey.PrincipalKey.Properties.Select(p => principalCopy.Property(p.Name).CurrentValue).ToArray();
                if (!foreignKey.IsRequired && final)
                {
                    OptionalCopyReferences.Add((entry, foreignKey, principalCopy));
                }
            }
            else
            {
                // A principal outside the copy is shared: the copy points at the same row.
                values = foreignKey.Properties.Select(p => row[p]).ToArray();
            }

            for (var i = 0; i < foreignKey.Properties.Count; i++)
            {
                if (!foreignKey.Properties[i].IsPrimaryKey())
                {
                    entry.Property(foreignKey.Properties[i].Name).CurrentValue = values[i];
                }
            }
        }
    }

    private readonly Dictionary<(PlanNode, IEntityType), List<(IForeignKey ForeignKey, bool Nulled)>> _pointed = [];

    /// <summary>
    /// The foreign keys a copy of the type is pointed through (not ownerships, not key-only links, none the plan gives
    /// a value), each with whether the plan nulls it: decided once per node and type, not per copied row.
    /// </summary>
    private List<(IForeignKey ForeignKey, bool Nulled)> PointedKeys(PlanNode node, IEntityType entityType)
    {
        if (!_pointed.TryGetValue((node, entityType), out var keys))
        {
            keys = entityType.GetForeignKeys()
                .Where(fk => !fk.IsOwnership && !fk.Properties.All(p => p.IsPrimaryKey()) && !fk.Properties.Any(p => plan.ValueOf(entityType, p) is not null))
                .Select(fk => (fk, node.Nulled.Any(r => PlanLookup.Is(r, fk))))
                .ToList();
            _pointed[(node, entityType)] = keys;
        }

        return keys;
    }

    private readonly Dictionary<IEntityType, List<IForeignKey>> _alternateReferences = [];

    /// <summary>Re-points references through alternate keys, whose principal values may have changed since (a unique suffix).</summary>
    public void RepointAlternateKeys(OriginalRow row)
    {
        var entry = row.CopyEntry!;
        if (!_alternateReferences.TryGetValue(row.EntityType, out var foreignKeys))
        {
            var type = row.EntityType;
            _alternateReferences[type] = foreignKeys = type.GetForeignKeys()
                .Where(fk => !fk.IsOwnership && !fk.PrincipalKey.IsPrimaryKey() && !fk.Properties.Any(p => plan.ValueOf(type, p) is not null)).ToList();
        }

        foreach (var foreignKey in foreignKeys)
        {
            if (FindPrincipal(row, foreignKey) is not { CopyEntry: { } principalCopy })
            {
                continue;
            }

            for (var i = 0; i < foreignKey.Properties.Count; i++)
            {
                entry.Property(foreignKey.Properties[i].Name).CurrentValue = principalCopy.Property(foreignKey.PrincipalKey.Properties[i].Name).CurrentValue;
            }
        }
    }

    /// <summary>The value of a key property that is also a foreign key: the principal copy's key when the principal is copied.</summary>
    public object? KeyForeignKeyValue(OriginalRow row, IProperty property)
    {
        var foreignKey = row.EntityType.GetForeignKeys().First(fk => !fk.IsOwnership && fk.Properties.Contains(property));
        var principal = FindPrincipal(row, foreignKey);
        if (principal is null)
        {
            return row[property];
        }

        var entry = principal.CopyEntry
            ?? throw new InvalidOperationException($"The copy of '{principal.EntityType.DisplayName()}' {principal.Key} is needed before the copy of '{row.EntityType.DisplayName()}' {row.Key}.");
        var index = foreignKey.Properties.ToList().IndexOf(property);
        return entry.Property(foreignKey.PrincipalKey.Properties[index].Name).CurrentValue;
    }

    private OriginalRow? FindPrincipal(OriginalRow row, IForeignKey foreignKey)
    {
        var values = row.ValuesOf(foreignKey.Properties);
        if (values.HasNull)
        {
            return null;
        }

        if (foreignKey.PrincipalKey.IsPrimaryKey())
        {
            return loader.Find(foreignKey.PrincipalEntityType, values);
        }

        var slot = (foreignKey.PrincipalEntityType.GetRootType(), foreignKey.PrincipalKey);
        if (!_alternateKeys.TryGetValue(slot, out var index))
        {
            index = loader.NodeRows.Values.SelectMany(r => r)
                .Where(r => r.EntityType.GetRootType() == slot.Item1 && foreignKey.PrincipalEntityType.IsAssignableFrom(r.EntityType))
                .GroupBy(r => r.ValuesOf(foreignKey.PrincipalKey.Properties))
                .ToDictionary(g => g.Key, g => g.First());
            _alternateKeys[slot] = index;
        }

        return index.GetValueOrDefault(values);
    }
}
