using EFCore.Cloning.Planning;
using EFCore.Cloning.Schema;
using EFCore.Cloning.Sql;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace EFCore.Cloning.Objects;

/// <summary>
/// <c>CloneAndSaveAsync</c>'s save without EF's update pipeline, for copies it can write exactly as <c>SaveChanges</c>
/// would: new keys reserved ahead (PostgreSQL: the key's sequence; SQLite: past the maximum, under the write lock), the
/// foreign keys between copies pointed at them, rows inserted table by table in dependency order with multi-row
/// <c>INSERT</c>s, each column written or left to the database by EF's own rule and converted by its type mapping,
/// store-generated values read back with <c>RETURNING</c>; then the copies are accepted (Unchanged, original values
/// set), as after <c>SaveChanges</c>. Copies it cannot write exactly (see <see cref="DirectSaveScope"/> and
/// <see cref="DirectRemainder"/>) are left to <c>SaveChanges</c>, after it; <see cref="TryCreate"/> returns null, and
/// the operation saves everything through <c>SaveChanges</c>, where nothing could be written here.
/// </summary>
internal sealed class DirectSave
{
    private readonly DbContext _context;

    /// <summary>Off: every CloneAndSaveAsync saves through SaveChanges (tests compare both paths; <c>EFCLONE_DIRECT_SAVE=0</c> turns it off).</summary>
    internal static bool Enabled { get; set; } = Environment.GetEnvironmentVariable("EFCLONE_DIRECT_SAVE") != "0";

    private readonly List<(ITable Table, List<DirectPart> Parts)> _tables;
    private readonly List<DirectRow> _rows;
    private readonly HashSet<(EntityEntry, IProperty)> _givenSentinels;
    private readonly int? _batchSize;

    private readonly List<EntityEntry> _remainder;
    private readonly List<(EntityEntry Dependent, IForeignKey ForeignKey, DirectRow Principal)> _remainderReferences;

    private DirectSave(
        DbContext context,
        List<DirectRow> rows,
        List<(ITable, List<DirectPart>)> tables,
        List<EntityEntry> remainder,
        List<(EntityEntry, IForeignKey, DirectRow)> remainderReferences,
        HashSet<(EntityEntry, IProperty)> givenSentinels,
        int? batchSize)
    {
        _remainder = remainder;
        _remainderReferences = remainderReferences;
        _context = context;
        _rows = rows;
        _tables = tables;
        _givenSentinels = givenSentinels;
        _batchSize = batchSize;
    }

    /// <summary>The direct save of the context's Added copies, or null where only <c>SaveChanges</c> is exact.</summary>
    /// <param name="context">The context holding the copies as Added.</param>
    /// <param name="plan">The operation's plan.</param>
    /// <param name="values">The copies' values, with those EF would leave to the database defaults.</param>
    /// <param name="copies">The copies in the order they were built.</param>
    /// <param name="contextWasClean">Whether the context had no pending change at all before the clone (owned entries included).</param>
    public static DirectSave? TryCreate(DbContext context, ClonePlan plan, CopyValues values, IEnumerable<object> copies, bool contextWasClean)
    {
        if (!contextWasClean || plan.Progress is not null || DirectSaveScope.Refusal(context) is not null)
        {
            return null;
        }

        // The clone detected the changes after the build and the hooks, and nothing has run since that could change a copy
        // behind EF's back (keys are set through entries), so the entries are read without another full pass.
        var detect = context.ChangeTracker.AutoDetectChangesEnabled;
        context.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            var rows = new List<DirectRow>();
            var remainder = new List<EntityEntry>();
            var jsonOwned = new List<EntityEntry>();
            var byType = new Dictionary<IEntityType, IReadOnlyList<ITableMapping>?>();
            foreach (var entry in context.ChangeTracker.Entries())
            {
                if (!byType.TryGetValue(entry.Metadata, out var typeMappings))
                {
                    byType[entry.Metadata] = typeMappings = DirectSaveScope.Mappings(entry.Metadata);
                }

                switch (entry.State)
                {
                    case EntityState.Added when entry.Metadata.IsOwned() && entry.Metadata.IsMappedToJson():
                        // Written into its owner's row when the owner is inserted here; else saved with it by SaveChanges.
                        jsonOwned.Add(entry);
                        break;
                    case EntityState.Added when typeMappings is { } mappings:
                        rows.Add(new DirectRow(entry, mappings));
                        break;
                    case EntityState.Added:
                        remainder.Add(entry);
                        break;
                    case EntityState.Modified or EntityState.Deleted:
                        return null;
                }
            }

            // In the order the copies were built (the context lists them otherwise), as EF's save would take them.
            var built = copies.Select((copy, index) => (copy, index)).ToDictionary(c => c.copy, c => c.index, ReferenceEqualityComparer.Instance);
            rows = rows.OrderBy(r => built.TryGetValue(r.Entry.Entity, out var index) ? index : int.MaxValue).ToList();
            rows = DirectRemainder.Split(rows, remainder);
            if (!CollectJsonOwned(rows, jsonOwned, remainder))
            {
                return null;
            }

            var references = new List<(EntityEntry, IForeignKey, DirectRow)>();
            if (rows.Count == 0 || !DirectLinks.Link(rows, remainder, references) || DirectOrder.Of(rows) is not { } tables)
            {
                return null;
            }

            var sentinels = values.SentinelFixups.Select(f => (f.Entry, f.Property)).ToHashSet();
            return new DirectSave(context, rows, tables, remainder, references, sentinels, plan.BatchSize);
        }
        finally
        {
            context.ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }

    /// <summary>Gives each row the JSON-owned entries written into it; those of owners left to SaveChanges join the remainder.</summary>
    private static bool CollectJsonOwned(List<DirectRow> rows, List<EntityEntry> jsonOwned, List<EntityEntry> remainder)
    {
        if (jsonOwned.Count == 0)
        {
            return true;
        }

        var written = new HashSet<object>(ReferenceEqualityComparer.Instance);
        foreach (var row in rows)
        {
            if (!JsonOwnedDocument.CollectOwned(row.Entry, row.Owned))
            {
                return false;
            }

            row.Owned.ForEach(e => written.Add(e.Entity));
        }

        remainder.AddRange(jsonOwned.Where(e => !written.Contains(e.Entity)));
        return true;
    }

    /// <summary>
    /// Copies this save leaves to <c>SaveChanges</c> (owners of owned types other than JSON references, TPC and
    /// table-sharing types, and every copy that points at one): the caller saves them after <see cref="SaveAsync"/>,
    /// referencing the copies inserted here.
    /// </summary>
    public bool LeavesCopiesToSaveChanges => _remainder.Count > 0;

    /// <summary>Inserts the copies and accepts them; false, with nothing inserted, when a key column has no sequence to reserve keys from.</summary>
    public async Task<bool> SaveAsync(CancellationToken cancellationToken)
    {
        await using var parameterFactory = _context.Database.GetDbConnection().CreateCommand();
        var writer = Writer(_context, parameterFactory, cancellationToken);
        await writer.LockForWritingAsync(_tables[0].Table.Name, _tables[0].Table.Schema).ConfigureAwait(false);
        if (!await ReserveKeysAsync(writer).ConfigureAwait(false))
        {
            return false;
        }

        var detect = _context.ChangeTracker.AutoDetectChangesEnabled;
        _context.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            Repoint();
            foreach (var (_, parts) in _tables)
            {
                await new DirectTableWriter(writer, _givenSentinels, _batchSize).WriteAsync(parts).ConfigureAwait(false);
            }

            if (_remainder.Count == 0)
            {
                // Only the copies are pending (the context had no change before the clone): accepting all accepts them.
                _context.ChangeTracker.AcceptAllChanges();
            }
            else
            {
                DirectRemainder.Accept(_rows);
            }
        }
        finally
        {
            _context.ChangeTracker.AutoDetectChangesEnabled = detect;
        }

        return true;
    }

    /// <summary>A writer on the context's connection and transaction, its statements in EF's command log.</summary>
    internal static RowWriter Writer(DbContext context, System.Data.Common.DbCommand parameterFactory, CancellationToken cancellationToken)
    {
        var database = context.Database;
        var connection = database.GetDbConnection();
        var runner = new SqlCommandRunner(connection, database.GetCommandTimeout(), cancellationToken)
        {
            Transaction = database.CurrentTransaction!.GetDbTransaction(),
            Observer = new EfCommandLog(context),
        };

        return new RowWriter(runner, context.GetService<ISqlGenerationHelper>(), database.ProviderName == SqlDialects.Npgsql, parameterFactory);
    }

    private async Task<bool> ReserveKeysAsync(RowWriter writer)
    {
        // Keys in insert order (principals, then by depth), the order in which EF's inserts would have drawn them.
        foreach (var group in _tables.SelectMany(t => t.Parts).Where(p => p.HoldsKey && p.Row.NewKey is not null).Select(p => p.Row)
                     .GroupBy(r => (r.KeyMapping.Table, Column: r.KeyMapping.ColumnMappings.First(c => c.Property == r.NewKey).Column.Name)))
        {
            var rows = group.ToList();
            // A PostgreSQL key without a sequence of its own (a default of another form): EF's save lets the database make it.
            if (await writer.ReserveKeysAsync(group.Key.Table.Name, group.Key.Table.Schema, group.Key.Column, rows.Count).ConfigureAwait(false) is not { } keys)
            {
                return false;
            }

            for (var i = 0; i < rows.Count; i++)
            {
                var type = Nullable.GetUnderlyingType(rows[i].NewKey!.ClrType) ?? rows[i].NewKey!.ClrType;
                rows[i].ReservedKey = Convert.ChangeType(keys[i], type, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return true;
    }

    /// <summary>Gives each copy its reserved key, and each reference between copies that key (EF's temporary values replaced).</summary>
    private void Repoint()
    {
        foreach (var row in _rows.Where(r => r.NewKey is not null))
        {
            var property = row.Entry.Property(row.NewKey!);
            property.CurrentValue = row.ReservedKey;
            property.IsTemporary = false;
        }

        foreach (var (entry, foreignKey, principal) in _rows.SelectMany(r => r.References.Where(x => x.Principal.NewKey is not null && x.ForeignKey.Properties.Count == 1).Select(x => (r.Entry, x.ForeignKey, x.Principal))).Concat(_remainderReferences))
        {
            var property = entry.Property(foreignKey.Properties[0]);
            property.CurrentValue = principal.ReservedKey;
            property.IsTemporary = false;
        }
    }
}
