using System.Data;
using System.Data.Common;
using EFCore.Cloning.Schema;
using Microsoft.EntityFrameworkCore.Storage;

namespace EFCore.Cloning.Sql;

/// <summary>
/// SQLite: no sequences, so integer keys are taken past the table's largest key (and AUTOINCREMENT's high-water mark)
/// inside a write transaction that keeps other writers out; foreign keys are checked at commit.
/// </summary>
internal sealed class SqliteDialect(ISqlGenerationHelper helper) : ISqlDialect
{
    public string Quote(string identifier) => helper.DelimitIdentifier(identifier);

    public string Table(GraphTable table) => helper.DelimitIdentifier(table.Name, table.Schema);

    // Composite keys are stored in key order (no separate index); a single integer key is the rowid already; a table
    // without a key (a copy's staging table) keeps its rowid.
    public string CreateTemp(string name, IReadOnlyList<(string Name, string Type)> columns, IReadOnlyList<string> key)
        => $"CREATE TEMP TABLE {Quote(name)} ({string.Join(", ", columns.Select(c => $"{c.Name} {c.Type}"))}{(key.Count > 0 ? $", PRIMARY KEY ({string.Join(", ", key)})" : string.Empty)})"
           + (key.Count > 1 ? " WITHOUT ROWID" : string.Empty);

    public string DropTemp(string name) => $"DROP TABLE IF EXISTS temp.{Quote(name)}";

    public string? Analyze(string name) => null;

    public string InsertIgnore(string table, string columns, string select) => $"INSERT OR IGNORE INTO {table} ({columns}) {select}";

    public string CopyNumbers(string copiesParameter)
        => $"(WITH RECURSIVE n(c) AS (SELECT 1 UNION ALL SELECT c + 1 FROM n WHERE c < {copiesParameter}) SELECT c FROM n) AS c";

    public string? OverridingSystemValue => null;

    public (string Sql, KeyValuePair<string, object?>[] Parameters)? SequenceOf(GraphTable table, GraphColumn column) => null;

    /// <summary>Set once per operation: whether <c>sqlite_sequence</c> (AUTOINCREMENT's high-water marks) exists.</summary>
    public bool HasSequenceTable { get; set; }

    public string AllocateKeys(string map, string selection, IReadOnlyList<(GraphTable Table, GraphColumn Column)> keyTables, ValueGeneration generation, GraphSequence? sequence, bool continuing = false)
    {
        var (keyTable, keyColumn) = keyTables[0];
        var columns = "o0, c, n0";
        switch (generation)
        {
            case ValueGeneration.Guid:
                return $"INSERT INTO {Quote(map)} ({columns}) SELECT s.o0, s.c, {NewGuid} FROM {selection} s";
            case ValueGeneration.IdentityByDefault or ValueGeneration.IdentityAlways or ValueGeneration.Sequence:
                // The selection is read in key order, so numbering rows as they come keeps the copies in the originals' order.
                return $"INSERT INTO {Quote(map)} ({columns}) SELECT s.o0, s.c, b.b + ROW_NUMBER() OVER () "
                       + $"FROM {selection} s, (SELECT {HighWater(keyTables, continuing ? map : null)} AS b) b";
            default:
                throw new CloneException(
                    $"Set mode cannot make new keys for '{keyTable}.{keyColumn.Name}' on SQLite ({generation}); supply them with Set or use object mode (CloneAsync).");
        }
    }

    public string? KeyOnInsert(GraphTable table, GraphColumn column, ValueGeneration generation, string order) => generation switch
    {
        ValueGeneration.Guid => NewGuid,
        // An INTEGER PRIMARY KEY is the rowid, which SQLite makes past the largest (and AUTOINCREMENT's high-water mark)
        // as the key maps would, in the insert's order, at half the cost of numbering the rows in the statement.
        ValueGeneration.IdentityByDefault or ValueGeneration.IdentityAlways or ValueGeneration.Sequence when column.StoreType.Equals("INTEGER", StringComparison.OrdinalIgnoreCase) => null,
        ValueGeneration.IdentityByDefault or ValueGeneration.IdentityAlways or ValueGeneration.Sequence
            => $"(SELECT {HighWater([(table, column)], null)}) + ROW_NUMBER() OVER (ORDER BY {order})",
        _ => throw new CloneException(
            $"Set mode cannot make new keys for '{table}.{column.Name}' on SQLite ({generation}); supply them with Set or use object mode (CloneAsync)."),
    };

    // The text form EF uses for Guid on SQLite: upper-case, hyphenated, version 4.
    private const string NewGuid = "upper(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' "
                                   + "|| substr('89AB', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))";

    /// <summary>
    /// The largest key the new keys must pass: of every table (TPC keys are unique across the hierarchy's tables),
    /// AUTOINCREMENT's high-water marks, and the keys already in <paramref name="map"/>.
    /// </summary>
    private string HighWater(IReadOnlyList<(GraphTable Table, GraphColumn Column)> keyTables, string? map)
        => "MAX(0" + string.Concat(keyTables.Select(k =>
               $", COALESCE((SELECT MAX({Quote(k.Column.Name)}) FROM {Table(k.Table)}), 0)"
               + (HasSequenceTable ? $", COALESCE((SELECT seq FROM sqlite_sequence WHERE name = {Literal(k.Table.Name)}), 0)" : string.Empty)))
           + (map is not null ? $", COALESCE((SELECT MAX(n0) FROM {Quote(map)}), 0)" : string.Empty) + ")";

    public string AllocateWhileSelecting(string map, string source, IReadOnlyList<(GraphTable Table, GraphColumn Column)> keyTables, ValueGeneration generation, GraphSequence? sequence)
    {
        // The map's key drops duplicates; numbers they would have taken are simply skipped.
        var sql = AllocateKeys(map, $"(SELECT x.o0 AS o0, 1 AS c FROM ({source}) x)", keyTables, generation, sequence, continuing: true);
        return "INSERT OR IGNORE" + sql["INSERT".Length..];
    }

    public string Left(string expression, string length) => $"substr({expression}, 1, {length})";

    // IS is SQLite's null-safe equality, and an index serves it as it serves '='.
    public string SameOrBothNull(string left, string right) => $"{left} IS {right}";

    public string NumberRange(string source)
        => $"(WITH RECURSIVE k(gid, n, hi) AS (SELECT gid, lo, hi FROM ({source}) s UNION ALL SELECT gid, n + 1, hi FROM k WHERE n < hi) SELECT gid, n FROM k)";

    // A NOCASE column compares under its own collation: '=' folds case and its index serves it.
    public string UniqueMatch(string column, string candidate, GraphColumn graphColumn, bool caseInsensitive) => $"{column} = {candidate}";

    public async Task<DbTransaction> BeginAsync(DbConnection connection, IReadOnlyList<string> locks, CancellationToken cancellationToken)
        // Microsoft.Data.Sqlite starts serializable transactions with BEGIN IMMEDIATE: the write lock is taken now,
        // so a second clone waits (busy timeout) instead of computing the same unique values.
        => await connection.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken).ConfigureAwait(false);

    public Task LockInTransactionAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<string> locks, CancellationToken cancellationToken)
        => Task.CompletedTask;

    public Task ReleaseAsync(DbConnection connection, IReadOnlyList<string> locks) => Task.CompletedTask;

    public IEnumerable<string> Prologue => ["PRAGMA defer_foreign_keys = ON"];

    public bool DefersForeignKeys => true;

    public IReadOnlyList<string> BeforeRecursion => [];

    public IReadOnlyList<string> AfterRecursion => [];

    public IReadOnlyList<string> BeforeUniqueSearch => [];

    public IReadOnlyList<string> AfterUniqueSearch => [];

    // Table names are identifiers the schema gave us, compared as text in sqlite_sequence: quoted as a string literal.
    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
