using EFCore.Cloning.Planning;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace EFCore.Cloning.Objects;

/// <summary>
/// Makes the copies: a new instance per original row, values written as the plan says (shadow properties, owned and
/// complex types included, mutable values snapshotted), tracked as Added; then every foreign key pointed at the copy of
/// its principal; then unique values, within the values the copies now hold.
/// </summary>
internal sealed class CopyBuilder
{
    private readonly DbContext _context;
    private readonly GraphLoader _loader;
    private readonly UniqueValueAssigner _uniques;
    private readonly PlanLookup _plan;
    private readonly OwnedCopier _owned;
    private readonly ReferenceRemapper _references;

    public CopyBuilder(DbContext context, ClonePlan plan, GraphLoader loader, UniqueValueAssigner uniques)
    {
        _context = context;
        _loader = loader;
        _uniques = uniques;
        _plan = new PlanLookup(plan);
        _owned = new OwnedCopier(context, _plan, Values);
        _references = new ReferenceRemapper(loader, _plan);
    }

    public CopyValues Values { get; } = new();

    /// <summary>New keys reserved ahead (<c>CloneAndSaveAsync</c>): copies are tracked with them instead of temporary keys.</summary>
    public KeyReservation? ReservedKeys { get; set; }

    /// <summary>References from a copy to another copy through an optional foreign key: the ones a cycle can be broken at.</summary>
    public List<(EntityEntry Dependent, IForeignKey ForeignKey, EntityEntry Principal)> OptionalCopyReferences => _references.OptionalCopyReferences;

    /// <summary>Every copy made so far, with its original: non-owned rows and owned instances alike.</summary>
    public List<(IEntityType EntityType, object Original, object Copy, EntityEntry? Entry)> Copies { get; } = [];

    private readonly HashSet<object> _copies = new(ReferenceEqualityComparer.Instance);

    /// <summary>Whether <paramref name="entity"/> is one of this operation's copies.</summary>
    public bool IsCopy(object entity) => _copies.Contains(entity);

    public async Task BuildAsync()
    {
        var rows = _plan.Plan.KeyOrder.Where(n => !n.Entity.IsOwned)
            .Concat(_plan.Plan.Nodes.Where(n => !n.Entity.IsOwned && !_plan.Plan.KeyOrder.Contains(n)))
            .SelectMany(node => _loader.NodeRows[node].Select(row => (node, row)))
            .ToList();
        foreach (var (node, row) in rows)
        {
            await CreateAsync(node, row).ConfigureAwait(false);
        }

        foreach (var (node, row) in rows)
        {
            _references.Point(node, row);
        }

        foreach (var (node, row) in rows.Where(r => r.node.Uniques.Count > 0))
        {
            await MakeUniqueAsync(node, row, row.CopyEntry!, keys: false).ConfigureAwait(false);
        }

        foreach (var (_, row) in rows)
        {
            _references.RepointAlternateKeys(row);
        }
    }

    /// <summary>Removes every copy from the context again, after a failure.</summary>
    public void Untrack()
    {
        foreach (var (_, _, _, entry) in Copies)
        {
            if (entry is not null && entry.State != EntityState.Detached)
            {
                entry.State = EntityState.Detached;
            }
        }
    }

    private async Task CreateAsync(PlanNode node, OriginalRow row)
    {
        var entityType = row.EntityType;
        var copy = entityType.HasSharedClrType ? new Dictionary<string, object?>() : EfMembers.Create(entityType.ClrType);
        row.Copy = copy;
        _copies.Add(copy);
        var entry = Entry(entityType, copy);
        var keyGenerated = node.Entity.PrimaryKey.IsGenerated;
        var shape = Shape(entityType);
        var foreignKeyProperties = shape.ForeignKeyProperties;
        // One PropertyValues for the copy's writes, not a PropertyEntry per column (the same write into the entry).
        var current = entry.CurrentValues;

        foreach (var property in shape.Properties)
        {
            var rule = _plan.ValueOf(entityType, property);
            if (CopyValues.IsComputed(property) && rule is null)
            {
                continue;
            }

            if (property.IsPrimaryKey() && keyGenerated && rule is null)
            {
                // A reserved key, or left at its sentinel, so that EF or the database gives the copy a new key.
                if (ReservedKeys is not null && ReservedKeys.TryTake(entityType, property, out var key))
                {
                    current[property] = key;
                }

                continue;
            }

            if (foreignKeyProperties.Contains(property) && rule is null)
            {
                if (property.IsPrimaryKey())
                {
                    current[property] = _references.KeyForeignKeyValue(row, property);
                }

                continue;
            }

            Values.Write(entry, current, property, rule, CopyValues.ValueFor(rule, property, row.Instance, row[property], row.Key));
        }

        foreach (var complexProperty in shape.ComplexProperties)
        {
            EfMembers.Set(complexProperty, copy, EfMembers.CopyComplex(complexProperty, EfMembers.Get(complexProperty, row.Instance)));
        }

        ClearNavigations(shape.Navigations, copy);
        _owned.Copy(entityType, row.Instance, copy, row);

        // An alternate key must be unique when the copy is tracked, so it gets its value now, within the original's scope.
        await MakeUniqueAsync(node, row, entry, keys: true).ConfigureAwait(false);

        if (shape.KeyGiven)
        {
            await RefuseTakenKeyAsync(entityType, entry).ConfigureAwait(false);
        }

        _references.PointKnown(node, row, entry);

        // Add (not a state change) so that the owned copies are tracked with their owner; without any, the state change
        // is what Add does to a copy whose navigations are cleared, without walking a graph.
        if (OwnedCopier.Ownerships(entityType).Length == 0)
        {
            entry.State = EntityState.Added;
        }
        else if (copy is Dictionary<string, object?> bag)
        {
            _context.Set<Dictionary<string, object?>>(entityType.Name).Add(bag);
        }
        else
        {
            _context.Add(copy);
        }

        row.CopyEntry = entry;
        Copies.Add((entityType, row.Instance, copy, entry));
        foreach (var (ownedType, original, ownedCopy, ownedEntry) in _owned.Track())
        {
            Copies.Add((ownedType, original, ownedCopy, ownedEntry));
        }
    }

    /// <summary>A key the copy is given (not made by the database) must be free: said before anything is tracked or written.</summary>
    private async Task RefuseTakenKeyAsync(IEntityType entityType, EntityEntry entry)
    {
        var key = entityType.FindPrimaryKey()!.Properties;
        var values = new RowKey(key.Select(p => entry.Property(p.Name).CurrentValue).ToArray());
        if (!values.HasNull && await _loader.ExistsAsync(entityType, values).ConfigureAwait(false))
        {
            throw new CloneException(
                $"The copy of '{entityType.DisplayName()}' would have the key ({string.Join(", ", key.Select(p => p.Name))}) = {values}, which a row already has. "
                + "Give the copies a key no row has, or leave a generated key to the database (no Set on it).");
        }
    }

    private async Task MakeUniqueAsync(PlanNode node, OriginalRow row, EntityEntry entry, bool keys)
    {
        foreach (var unique in node.Uniques)
        {
            if (row.EntityType.FindProperty(unique.Property.Name) is not { } property || !_plan.Is(unique.Property, property) || property.IsKey() != keys
                || !unique.Types.Contains(_plan.Entity(row.EntityType)))
            {
                continue;
            }

            var scope = unique.Scope.Select(p => row.EntityType.FindProperty(p.Name)!).ToList();
            var scopeValues = scope.Select(p => entry.Property(p.Name).CurrentValue).ToArray();
            // A value computed from the original is the base the suffix goes on; otherwise the original's value is.
            var start = _plan.ValueOf(row.EntityType, property) is { Kind: PlanValueKind.Computed } ? (string?)entry.Property(property.Name).CurrentValue : (string?)row[property];
            // A scope holding a copied principal's new key is one no stored row has: only copies can collide there, so
            // the database need not be asked (a tree's children under their copied parent).
            var fresh = scope.Any(p => _plan.ValueOf(row.EntityType, p) is null && row[p] is { } held
                && p.GetContainingForeignKeys().Any(fk => fk.Properties.Count == 1 && fk.PrincipalKey.IsPrimaryKey() && _loader.Find(fk.PrincipalEntityType, new RowKey([held])) is not null));
            var value = await _uniques.NextAsync(unique, property, scope, scopeValues, start, fresh).ConfigureAwait(false);
            entry.Property(property.Name).CurrentValue = value;
        }
    }

    /// <summary>
    /// A constructor may fill navigations (<c>Settings = new()</c>); adding such an instance would insert rows nobody
    /// asked for, so every non-owned navigation of a fresh copy starts empty.
    /// </summary>
    private static void ClearNavigations(IReadOnlyList<INavigationBase> navigations, object copy)
    {
        if (copy is Dictionary<string, object?>)
        {
            return;
        }

        foreach (var navigation in navigations)
        {
            var value = EfMembers.Get(navigation, copy);
            if (value is null)
            {
                continue;
            }

            if (!navigation.IsCollection)
            {
                EfMembers.Set(navigation, copy, null);
            }
            else if (value is System.Collections.IEnumerable items && items.GetEnumerator().MoveNext())
            {
                EfMembers.Set(navigation, copy, EfMembers.Create(value.GetType()));
            }
        }
    }

    private readonly Dictionary<IEntityType, TypeShape> _shapes = [];

    /// <summary>What every copy of a type needs of its metadata, found once per type rather than per copied row.</summary>
    private TypeShape Shape(IEntityType entityType)
    {
        if (!_shapes.TryGetValue(entityType, out var shape))
        {
            shape = new TypeShape(
                entityType.GetForeignKeys().Where(fk => !fk.IsOwnership).SelectMany(fk => fk.Properties).ToHashSet(),
                entityType.GetComplexProperties().ToList(),
                // A navigation EF made up without a CLR member (the hidden inverse of a one-way many-to-many) holds nothing to clear.
                entityType.GetNavigations().Where(n => !n.ForeignKey.IsOwnership).Cast<INavigationBase>().Concat(entityType.GetSkipNavigations())
                    .Where(n => n.PropertyInfo is not null || n.FieldInfo is not null).ToList(),
                entityType.FindPrimaryKey()!.Properties.Any(p => _plan.ValueOf(entityType, p) is not null),
                entityType.GetProperties().ToArray());
            _shapes[entityType] = shape;
        }

        return shape;
    }

    private sealed record TypeShape(HashSet<IProperty> ForeignKeyProperties, List<IComplexProperty> ComplexProperties, List<INavigationBase> Navigations, bool KeyGiven, IProperty[] Properties);

    private EntityEntry Entry(IEntityType entityType, object copy)
    {
        if (!entityType.HasSharedClrType)
        {
            return _context.Entry(copy);
        }

        if (copy is Dictionary<string, object?> bag)
        {
            return _context.Set<Dictionary<string, object?>>(entityType.Name).Entry(bag);
        }

        throw new CloneException($"The shared-type entity type '{entityType.DisplayName()}' is not a property bag; object mode cannot copy it.");
    }
}
