using System.Collections;
using EFCore.Cloning.Planning;
using EFCore.Cloning.Schema;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace EFCore.Cloning.Objects;

/// <summary>
/// Makes the copies: a new instance per original row, values copied through EF metadata (shadow properties, owned
/// and complex types included, mutable values snapshotted), tracked as Added, and every foreign key pointed at the
/// copy of its principal when the operation copies that principal.
/// </summary>
internal sealed class CopyBuilder
{
    private readonly DbContext _context;
    private readonly ClonePlan _plan;
    private readonly GraphLoader _loader;
    private readonly UniqueValueAssigner _uniques;
    private readonly Dictionary<(IEntityType Root, IKey Key), Dictionary<RowKey, OriginalRow>> _alternateKeys = [];

    public CopyBuilder(DbContext context, ClonePlan plan, GraphLoader loader, UniqueValueAssigner uniques)
    {
        _context = context;
        _plan = plan;
        _loader = loader;
        _uniques = uniques;
    }

    /// <summary>References from a copy to another copy through an optional foreign key: the ones a cycle can be broken at.</summary>
    public List<(EntityEntry Dependent, IForeignKey ForeignKey, EntityEntry Principal)> OptionalCopyReferences { get; } = [];

    /// <summary>Every copy made so far, with its original: non-owned rows and owned instances alike.</summary>
    public List<(IEntityType EntityType, object Original, object Copy, EntityEntry? Entry)> Copies { get; } = [];

    public async Task BuildAsync()
    {
        var rows = OrderedNodes().SelectMany(node => _loader.NodeRows[node].Select(row => (node, row))).ToList();
        foreach (var (node, row) in rows)
        {
            await CreateAsync(node, row).ConfigureAwait(false);
        }

        foreach (var (node, row) in rows)
        {
            PointReferences(node, row);
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

    /// <summary>
    /// Plan order, except that a node whose key contains a foreign key comes after that key's principal: those key
    /// values must be known when the copy is tracked.
    /// </summary>
    private List<PlanNode> OrderedNodes()
    {
        var ordered = new List<PlanNode>();
        var visiting = new HashSet<PlanNode>();
        void Visit(PlanNode node)
        {
            if (ordered.Contains(node) || !visiting.Add(node))
            {
                return;
            }

            foreach (var relationship in node.Entity.SelfAndDerived().SelectMany(e => e.DependentOf))
            {
                if (!relationship.IsOwnership && relationship.ForeignKey.Any(p => p.IsKey) && _plan.Find(relationship.Principal) is { } principal && principal != node)
                {
                    Visit(principal);
                }
            }

            ordered.Add(node);
        }

        foreach (var node in _plan.Nodes.Where(n => !n.Entity.IsOwned))
        {
            Visit(node);
        }

        return ordered;
    }

    private async Task CreateAsync(PlanNode node, OriginalRow row)
    {
        var entityType = row.EntityType;
        var copy = entityType.HasSharedClrType ? new Dictionary<string, object?>() : EfMembers.Create(entityType.ClrType);
        row.Copy = copy;
        var entry = Entry(entityType, copy);
        var keyGenerated = node.Entity.PrimaryKey.IsGenerated;
        var foreignKeyProperties = entityType.GetForeignKeys().Where(fk => !fk.IsOwnership).SelectMany(fk => fk.Properties).ToHashSet();

        foreach (var property in entityType.GetProperties())
        {
            var rule = ValueRule(node, property);
            if (IsComputed(property) && rule is null)
            {
                continue;
            }

            if (property.IsPrimaryKey() && keyGenerated && rule is null)
            {
                // Left at its sentinel, so EF or the database gives the copy a new key.
                continue;
            }

            if (foreignKeyProperties.Contains(property) && rule is null)
            {
                if (property.IsPrimaryKey())
                {
                    entry.Property(property.Name).CurrentValue = KeyForeignKeyValue(row, property);
                }

                continue;
            }

            var value = rule switch
            {
                { Kind: PlanValueKind.Constant } => rule.Constant,
                { Kind: PlanValueKind.Computed } => rule.Factory!(row.Instance),
                { Kind: PlanValueKind.Reset } => property.Sentinel,
                _ => EfMembers.Snapshot(property, row[property]),
            };

            if (rule is null && node.Uniques.FirstOrDefault(u => Is(u.Property, property)) is { } unique)
            {
                value = await _uniques.NextAsync(property, unique, (string?)value).ConfigureAwait(false);
            }

            entry.Property(property.Name).CurrentValue = value;
        }

        foreach (var complexProperty in entityType.GetComplexProperties())
        {
            var value = EfMembers.CopyComplex(complexProperty, EfMembers.Get(complexProperty, row.Instance));
            EfMembers.Set(complexProperty, copy, value);
        }

        ClearNavigations(entityType, copy);
        var owned = CopyOwned(entityType, row.Instance, copy);

        // Add (not a state change) so that the owned copies are tracked with their owner.
        if (copy is Dictionary<string, object?> bag)
        {
            _context.Set<Dictionary<string, object?>>(entityType.Name).Add(bag);
        }
        else
        {
            _context.Add(copy);
        }

        row.CopyEntry = entry;
        Copies.Add((entityType, row.Instance, copy, entry));
        TrackOwned(owned);
    }

    /// <summary>The value of a key property that is also a foreign key: the principal copy's key when the principal is copied.</summary>
    private object? KeyForeignKeyValue(OriginalRow row, IProperty property)
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

    private void PointReferences(PlanNode node, OriginalRow row)
    {
        var entry = row.CopyEntry!;
        foreach (var foreignKey in row.EntityType.GetForeignKeys())
        {
            if (foreignKey.IsOwnership || foreignKey.Properties.All(p => p.IsPrimaryKey()) || foreignKey.Properties.Any(p => ValueRule(node, p) is not null))
            {
                continue;
            }

            object?[] values;
            if (node.Nulled.Any(r => Is(r, foreignKey)))
            {
                values = new object?[foreignKey.Properties.Count];
            }
            else if (FindPrincipal(row, foreignKey) is { CopyEntry: { } principalCopy })
            {
                values = foreignKey.PrincipalKey.Properties.Select(p => principalCopy.Property(p.Name).CurrentValue).ToArray();
                if (!foreignKey.IsRequired)
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

    private OriginalRow? FindPrincipal(OriginalRow row, IForeignKey foreignKey)
    {
        var values = row.ValuesOf(foreignKey.Properties);
        if (values.HasNull)
        {
            return null;
        }

        if (foreignKey.PrincipalKey.IsPrimaryKey())
        {
            return _loader.Find(foreignKey.PrincipalEntityType, values);
        }

        var slot = (foreignKey.PrincipalEntityType.GetRootType(), foreignKey.PrincipalKey);
        if (!_alternateKeys.TryGetValue(slot, out var index))
        {
            index = _loader.NodeRows.Values.SelectMany(r => r)
                .Where(r => r.EntityType.GetRootType() == slot.Item1 && foreignKey.PrincipalEntityType.IsAssignableFrom(r.EntityType))
                .GroupBy(r => r.ValuesOf(foreignKey.PrincipalKey.Properties))
                .ToDictionary(g => g.Key, g => g.First());
            _alternateKeys[slot] = index;
        }

        return index.GetValueOrDefault(values);
    }

    /// <summary>Copies the owned instances reachable from <paramref name="original"/> onto <paramref name="copy"/>.</summary>
    private List<(INavigation Navigation, object Original, object Copy)> CopyOwned(ITypeBase type, object original, object copy)
    {
        var copied = new List<(INavigation, object, object)>();
        if (type is not IEntityType entityType)
        {
            return copied;
        }

        foreach (var navigation in entityType.GetNavigations().Where(n => !n.IsOnDependent && n.ForeignKey.IsOwnership))
        {
            var value = EfMembers.Get(navigation, original);
            if (value is null)
            {
                continue;
            }

            if (navigation.IsCollection)
            {
                var collection = (IList)EfMembers.Create(value.GetType());
                foreach (var element in (IEnumerable)value)
                {
                    var elementCopy = CopyOwnedObject(navigation.TargetEntityType, element, copied, navigation);
                    collection.Add(elementCopy);
                }

                EfMembers.Set(navigation, copy, collection);
            }
            else
            {
                EfMembers.Set(navigation, copy, CopyOwnedObject(navigation.TargetEntityType, value, copied, navigation));
            }
        }

        return copied;
    }

    private object CopyOwnedObject(IEntityType ownedType, object original, List<(INavigation, object, object)> copied, INavigation navigation)
    {
        var copy = EfMembers.Create(original.GetType());
        var ownership = ownedType.FindOwnership()!;
        foreach (var property in ownedType.GetProperties())
        {
            if (property.IsShadowProperty() || ownership.Properties.Contains(property) || IsComputed(property)
                || (property.IsPrimaryKey() && property.ValueGenerated != ValueGenerated.Never))
            {
                continue;
            }

            EfMembers.Set(property, copy, EfMembers.Snapshot(property, EfMembers.Get(property, original)));
        }

        foreach (var complexProperty in ownedType.GetComplexProperties())
        {
            EfMembers.Set(complexProperty, copy, EfMembers.CopyComplex(complexProperty, EfMembers.Get(complexProperty, original)));
        }

        copied.Add((navigation, original, copy));
        copied.AddRange(CopyOwned(ownedType, original, copy));
        return copy;
    }

    private void TrackOwned(List<(INavigation Navigation, object Original, object Copy)> owned)
    {
        foreach (var (navigation, original, copy) in owned)
        {
            // Tracked with their owner, so the context finds their entries by reference.
            Copies.Add((navigation.TargetEntityType, original, copy, _context.Entry(copy)));
        }
    }

    /// <summary>
    /// A constructor may fill navigations (<c>Settings = new()</c>); adding such an instance would insert rows nobody
    /// asked for, so every non-owned navigation of a fresh copy starts empty.
    /// </summary>
    private static void ClearNavigations(IEntityType entityType, object copy)
    {
        if (copy is Dictionary<string, object?>)
        {
            return;
        }

        foreach (var navigation in entityType.GetNavigations().Where(n => !n.ForeignKey.IsOwnership).Cast<INavigationBase>().Concat(entityType.GetSkipNavigations()))
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
            else if (value is IEnumerable items && items.GetEnumerator().MoveNext())
            {
                EfMembers.Set(navigation, copy, EfMembers.Create(value.GetType()));
            }
        }
    }

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

    private static bool IsComputed(IProperty property)
        => property.ValueGenerated is ValueGenerated.OnAddOrUpdate or ValueGenerated.OnUpdate || property.GetComputedColumnSql() is not null;

    private static PlanValue? ValueRule(PlanNode node, IProperty property)
    {
        foreach (var (graphProperty, value) in node.Values)
        {
            if (Is(graphProperty, property))
            {
                return value;
            }
        }

        return null;
    }

    private static bool Is(GraphProperty graphProperty, IProperty property)
        => graphProperty.Name == property.Name && graphProperty.DeclaringEntity.Name == property.DeclaringType.Name;

    private static bool Is(GraphRelationship relationship, IForeignKey foreignKey)
        => relationship.Dependent.Name == foreignKey.DeclaringEntityType.Name
           && relationship.Principal.Name == foreignKey.PrincipalEntityType.Name
           && relationship.ForeignKey.Select(p => p.Name).SequenceEqual(foreignKey.Properties.Select(p => p.Name));
}
