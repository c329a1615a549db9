using EFCore.Cloning.Planning;
using EFCore.Cloning.Schema;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace EFCore.Cloning.Objects;

/// <summary>
/// <c>CloneAndSaveAsync</c>'s new keys, reserved before the copies are built (PostgreSQL: the key's sequence; SQLite:
/// past the maximum, under the write lock), so that each copy is tracked with its real key and EF never re-keys a
/// tracked copy and its dependents. Only for keys a later fallback to <c>SaveChanges</c> can still write as given:
/// identity BY DEFAULT and serial columns (not GENERATED ALWAYS) of the types <see cref="DirectSave"/> inserts.
/// </summary>
internal sealed class KeyReservation
{
    private readonly Dictionary<IEntityType, (IProperty Key, Slot Keys)> _byType;
    private readonly bool _postgres;

    private KeyReservation(Dictionary<IEntityType, (IProperty, Slot)> byType, bool postgres)
    {
        _byType = byType;
        _postgres = postgres;
    }

    /// <summary>Reserves a key per copied row of each such type, or returns null where the direct save would not run.</summary>
    /// <param name="context">The context the copies will be tracked in.</param>
    /// <param name="plan">The operation's plan.</param>
    /// <param name="rows">The loaded originals, per plan node.</param>
    /// <param name="contextWasClean">Whether the context had no pending change before the clone (else the direct save does not run).</param>
    /// <param name="cancellationToken">The operation's cancellation.</param>
    public static async Task<KeyReservation?> ReserveAsync(DbContext context, ClonePlan plan, IReadOnlyDictionary<PlanNode, List<OriginalRow>> rows, bool contextWasClean, CancellationToken cancellationToken)
    {
        if (!DirectSave.Enabled || !contextWasClean || plan.Progress is not null || DirectSaveScope.Refusal(context) is not null)
        {
            return null;
        }

        var lookup = new PlanLookup(plan);
        var counts = new Dictionary<(ITable Table, string Column), (List<IEntityType> Types, int Count)>();
        var keyOf = new Dictionary<IEntityType, (IProperty Key, (ITable, string) Slot)?>();
        foreach (var (node, nodeRows) in rows)
        {
            if (node.Entity.IsOwned || !node.Entity.PrimaryKey.IsGenerated)
            {
                continue;
            }

            foreach (var row in nodeRows)
            {
                if (!keyOf.TryGetValue(row.EntityType, out var reservable))
                {
                    keyOf[row.EntityType] = reservable = Reservable(row.EntityType, lookup) is { } property
                        ? (property, SlotOf(row.EntityType, property))
                        : null;
                }

                if (reservable is not { Slot: var slot })
                {
                    continue;
                }

                var (types, count) = counts.GetValueOrDefault(slot, ([], 0));
                if (!types.Contains(row.EntityType))
                {
                    types.Add(row.EntityType);
                }

                counts[slot] = (types, count + 1);
            }
        }

        if (counts.Count == 0)
        {
            return null;
        }

        await using var parameterFactory = context.Database.GetDbConnection().CreateCommand();
        var writer = DirectSave.Writer(context, parameterFactory, cancellationToken);
        var first = counts.Keys.First().Table;
        await writer.LockForWritingAsync(first.Name, first.Schema).ConfigureAwait(false);
        var byType = new Dictionary<IEntityType, (IProperty, Slot)>();
        foreach (var ((table, column), (types, count)) in counts)
        {
            // A PostgreSQL key without a sequence of its own: left to the database, as before.
            if (await writer.ReserveKeysAsync(table.Name, table.Schema, column, count).ConfigureAwait(false) is not { } keys)
            {
                continue;
            }

            // Types sharing a table (TPH, TPT) draw from one queue, in the order the copies are built.
            var key = keyOf[types[0]]!.Value.Key;
            var clr = Nullable.GetUnderlyingType(key.ClrType) ?? key.ClrType;
            var queue = new Slot(keys, clr);
            foreach (var type in types)
            {
                byType[type] = (keyOf[type]!.Value.Key, queue);
            }
        }

        return new KeyReservation(byType, context.Database.ProviderName == Sql.SqlDialects.Npgsql);
    }

    /// <summary>The next reserved key for a copy of <paramref name="entityType"/>, if its keys are reserved.</summary>
    public bool TryTake(IEntityType entityType, IProperty property, out object? key)
    {
        if (_byType.TryGetValue(entityType, out var reserved) && reserved.Key == property && reserved.Keys.TryTake(out var value))
        {
            key = value;
            return true;
        }

        key = null;
        return false;
    }

    /// <summary>
    /// SQLite: gives the copies still holding a temporary key in a table with reserved keys (rows a hook added) the
    /// numbers past the reserved ones, under the same write lock; else the database's next key, at an insert before a
    /// reserved key's, would take that key. PostgreSQL's sequence never hands out a reserved value again: nothing to do.
    /// </summary>
    public void KeyTheRest(DbContext context)
    {
        if (_postgres)
        {
            return;
        }

        // Right after the clone detected its changes: listing the entries needs no second full pass of change detection.
        var detect = context.ChangeTracker.AutoDetectChangesEnabled;
        context.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            foreach (var entry in context.ChangeTracker.Entries().Where(e => e.State == EntityState.Added).ToList())
            {
                if (_byType.TryGetValue(entry.Metadata, out var reserved) && entry.Property(reserved.Key) is { IsTemporary: true } key)
                {
                    key.CurrentValue = reserved.Keys.Past();
                    key.IsTemporary = false;
                }
            }
        }
        finally
        {
            context.ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }

    /// <summary>The keys reserved in one table, handed out in order; then the numbers after the last.</summary>
    private sealed class Slot(List<long> keys, Type clr)
    {
        private int _next;
        private long _last = keys.Count > 0 ? keys[^1] : 0;

        public bool TryTake(out object? key)
        {
            key = _next < keys.Count ? Convert.ChangeType(keys[_next++], clr, System.Globalization.CultureInfo.InvariantCulture) : null;
            return key is not null;
        }

        public object Past() => Convert.ChangeType(++_last, clr, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The root table's key column, where the keys of the type (and of its hierarchy) are made.</summary>
    private static (ITable Table, string Column) SlotOf(IEntityType entityType, IProperty key)
    {
        var mapping = DirectSaveScope.Mappings(entityType)![0];
        return (mapping.Table, mapping.ColumnMappings.First(c => c.Property == key).Column.Name);
    }

    /// <summary>The key property whose values can be reserved for copies of the type, or null.</summary>
    private static IProperty? Reservable(IEntityType entityType, PlanLookup lookup)
    {
        if (DirectSaveScope.Mappings(entityType) is not { } mappings || entityType.FindPrimaryKey() is not { Properties: [var key] }
            || key.GetContainingForeignKeys().Any(f => !DirectLinks.IsHierarchyLink(f)) || (key.ValueGenerated & ValueGenerated.OnAdd) == 0
            || lookup.ValueOf(entityType, key) is not null)
        {
            return null;
        }

        return DirectLinks.ReservableKey(key, mappings[0]) && EfValueGeneration.Of(key) is ValueGeneration.IdentityByDefault or ValueGeneration.Sequence
            ? key
            : null;
    }
}
