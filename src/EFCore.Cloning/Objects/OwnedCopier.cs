using System.Collections;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace EFCore.Cloning.Objects;

/// <summary>
/// Copies the owned instances of an original onto its copy, by value and recursively, with the plan's values for owned
/// properties (<c>Set(s =&gt; s.Settings.Limit, 10)</c>) and the owned types' shadow properties, which the instances do not hold.
/// </summary>
internal sealed class OwnedCopier(DbContext context, PlanLookup plan, CopyValues values)
{
    private readonly List<(IEntityType EntityType, object Original, object Copy, OriginalRow Owner)> _pending = [];
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<IEntityType, INavigation[]> OwnershipsByType = new();

    /// <summary>The type's navigations to the types it owns, its bases' included (listed once per type: this runs per copied row).</summary>
    public static INavigation[] Ownerships(IEntityType entityType)
        => OwnershipsByType.GetOrAdd(entityType, type => type.GetNavigations().Where(n => !n.IsOnDependent && n.ForeignKey.IsOwnership).ToArray());

    /// <summary>Copies the owned instances reachable from <paramref name="original"/> onto <paramref name="copy"/> (not yet tracked).</summary>
    public void Copy(IEntityType entityType, object original, object copy, OriginalRow owner)
    {
        foreach (var navigation in Ownerships(entityType))
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
                    collection.Add(CopyObject(navigation.TargetEntityType, element, owner));
                }

                EfMembers.Set(navigation, copy, collection);
            }
            else
            {
                EfMembers.Set(navigation, copy, CopyObject(navigation.TargetEntityType, value, owner));
            }
        }
    }

    /// <summary>
    /// Once the owner is tracked (and its owned copies with it): writes the plan's values through each owned entry, so
    /// that shadow properties and store defaults are handled as for any entity. Returns the owned copies.
    /// </summary>
    public List<(IEntityType EntityType, object Original, object Copy, EntityEntry Entry)> Track()
    {
        var tracked = new List<(IEntityType, object, object, EntityEntry)>();
        foreach (var (entityType, original, copy, owner) in _pending)
        {
            var entry = context.Entry(copy);
            var ownership = entityType.FindOwnership()!;
            foreach (var property in entityType.GetProperties())
            {
                if (ownership.Properties.Contains(property) || CopyValues.IsComputed(property) || (property.IsPrimaryKey() && property.ValueGenerated != ValueGenerated.Never))
                {
                    continue;
                }

                var rule = plan.ValueOf(entityType, property);
                object? originalValue = null;
                if (property.IsShadowProperty() ? !owner.OwnedShadows.TryGetValue((entityType, property), out originalValue) && rule is null : rule is null)
                {
                    // A plain value is on the copied instance already; a shadow value of an owned collection element is not loaded.
                    continue;
                }

                if (!property.IsShadowProperty())
                {
                    originalValue = EfMembers.Get(property, original);
                }

                values.Write(entry, property, rule, CopyValues.ValueFor(rule, property, original, originalValue));
            }

            tracked.Add((entityType, original, copy, entry));
        }

        _pending.Clear();
        return tracked;
    }

    private object CopyObject(IEntityType ownedType, object original, OriginalRow owner)
    {
        var copy = EfMembers.Create(original.GetType());
        var ownership = ownedType.FindOwnership()!;
        foreach (var property in ownedType.GetProperties())
        {
            if (property.IsShadowProperty() || ownership.Properties.Contains(property) || CopyValues.IsComputed(property)
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

        _pending.Add((ownedType, original, copy, owner));
        Copy(ownedType, original, copy, owner);
        return copy;
    }
}
