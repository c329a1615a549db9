using System.Data;
using System.Data.Common;
using EFCore.Cloning.Schema;
using Microsoft.EntityFrameworkCore.Storage;

namespace EFCore.Cloning.Sql;

/// <summary>
/// PostgreSQL: new keys from the column's own sequence (identity, serial, explicit <c>nextval</c> defaults, TPC's shared
/// sequence, HiLo's sequence) or <c>gen_random_uuid()</c>; advisory locks keep racing clones of unique values apart.
/// </summary>
internal sealed class PostgresDialect(ISqlGenerationHelper helper) : ISqlDialect
{
    private const string SessionLock = "SELECT pg_advisory_lock(hashtextextended(@k, 0))";
    private const string SessionUnlock = "SELECT pg_advisory_unlock(hashtextextended(@k, 0))";
    private const string TransactionLock = "SELECT pg_advisory_xact_lock(hashtextextended(@k, 0))";

    public string Quote(string identifier) => helper.DelimitIdentifier(identifier);

    public string Table(GraphTable table) => helper.DelimitIdentifier(table.Name, table.Schema);

    public string CreateTemp(string name, IReadOnlyList<(string Name, string Type)> columns, IReadOnlyList<string> key)
        => $"CREATE TEMP TABLE {Quote(name)} ({string.Join(", ", columns.Select(c => $"{c.Name} {c.Type}"))}{(key.Count > 0 ? $", PRIMARY KEY ({string.Join(", ", key)})" : string.Empty)})";

    public string DropTemp(string name) => $"DROP TABLE IF EXISTS pg_temp.{Quote(name)}";

    public string? Analyze(string name) => $"ANALYZE {Quote(name)}";

    public string InsertIgnore(string table, string columns, string select) => $"INSERT INTO {table} ({columns}) {select} ON CONFLICT DO NOTHING";

    public string CopyNumbers(string copiesParameter) => $"generate_series(1, {copiesParameter}) AS c(c)";

    public string? OverridingSystemValue => "OVERRIDING SYSTEM VALUE";

    public (string Sql, KeyValuePair<string, object?>[] Parameters)? SequenceOf(GraphTable table, GraphColumn column)
        => column.Generation is ValueGeneration.IdentityAlways or ValueGeneration.IdentityByDefault or ValueGeneration.Sequence
           && column.DefaultValueSql is null
            ? ("SELECT pg_get_serial_sequence(@table, @column)", [KeyValuePair.Create<string, object?>("@table", Table(table)), KeyValuePair.Create<string, object?>("@column", column.Name)])
            : null;

    public string AllocateKeys(string map, string selection, IReadOnlyList<(GraphTable Table, GraphColumn Column)> keyTables, ValueGeneration generation, GraphSequence? sequence, bool continuing = false)
    {
        // PostgreSQL sequences serve every table that draws from them (TPC's shared sequence included): the first table speaks for all.
        var (keyTable, keyColumn) = keyTables[0];
        string next;
        if (generation == ValueGeneration.Guid)
        {
            next = "gen_random_uuid()";
        }
        else if (generation is ValueGeneration.IdentityAlways or ValueGeneration.IdentityByDefault or ValueGeneration.Sequence && sequence is not null)
        {
            // The column's own sequence, looked up once by the caller (pg_get_serial_sequence returns it quoted).
            next = $"nextval('{Escape(sequence.Schema is null ? sequence.Name : helper.DelimitIdentifier(sequence.Name, sequence.Schema))}'::regclass)";
        }
        else if (generation == ValueGeneration.HiLo && sequence is not null)
        {
            // Each nextval reserves a block of the HiLo sequence's increment for its caller; one key per block is
            // wasteful but can never collide with EF's own HiLo clients.
            next = $"nextval('{Escape(helper.DelimitIdentifier(sequence.Name, sequence.Schema))}'::regclass)";
        }
        else if (keyColumn.DefaultValueSql is { } defaultSql && (defaultSql.Contains("nextval", StringComparison.OrdinalIgnoreCase) || generation == ValueGeneration.StoreDefault))
        {
            // The column's own default (serial, an explicit sequence, TPC's shared sequence) makes the key, as an insert would.
            next = defaultSql;
        }
        else if (generation is ValueGeneration.IdentityAlways or ValueGeneration.IdentityByDefault or ValueGeneration.Sequence)
        {
            next = $"nextval(pg_get_serial_sequence('{Escape(Table(keyTable))}', '{Escape(keyColumn.Name)}'))";
        }
        else
        {
            throw new CloneException(
                $"Set mode cannot make new keys for '{keyTable}.{keyColumn.Name}' ({generation}); supply them with Set or use object mode (CloneAsync).");
        }

        return $"INSERT INTO {Quote(map)} (o0, c, n0) SELECT s.o0, s.c, {next} FROM {selection} s ORDER BY s.c, s.o0";
    }

    public string AllocateWhileSelecting(string map, string source, IReadOnlyList<(GraphTable Table, GraphColumn Column)> keyTables, ValueGeneration generation, GraphSequence? sequence)
        // Duplicates are filtered before nextval runs, so that no sequence value is spent on them.
        => AllocateKeys(
            map,
            $"(SELECT DISTINCT x.o0 AS o0, 1 AS c FROM ({source}) x WHERE NOT EXISTS (SELECT 1 FROM {Quote(map)} e WHERE e.o0 = x.o0))",
            keyTables,
            generation,
            sequence);

    // The insert's own ORDER BY numbers the rows: a default's nextval runs as the sorted rows arrive.
    public string? KeyOnInsert(GraphTable table, GraphColumn column, ValueGeneration generation, string order)
        => generation == ValueGeneration.Guid ? "gen_random_uuid()" : null;

    public string Left(string expression, string length) => $"left({expression}, {length})";

    // IS NOT DISTINCT FROM is never an index or hash condition; the equality half of this can be.
    public string SameOrBothNull(string left, string right) => $"({left} = {right} OR ({left} IS NULL AND {right} IS NULL))";

    public string NumberRange(string source) => $"(SELECT s.gid, k.n FROM ({source}) s CROSS JOIN LATERAL generate_series(s.lo, s.hi) AS k(n))";

    // citext compares as citext only against citext (text would win and compare case-sensitively); a case-insensitive
    // column of another type is a unique index over lower(column), which lower(column) = ... uses.
    public string UniqueMatch(string column, string candidate, GraphColumn graphColumn, bool caseInsensitive)
        => !caseInsensitive ? $"{column} = {candidate}"
            : StoreDefaults.IsCaseInsensitive(null, graphColumn.StoreType) ? $"{column} = CAST({candidate} AS {graphColumn.StoreType})"
            : $"lower({column}) = lower({candidate})";

    public async Task<DbTransaction> BeginAsync(DbConnection connection, IReadOnlyList<string> locks, CancellationToken cancellationToken)
    {
        // Session locks taken before the transaction starts, so that its snapshot already sees what the previous
        // holder committed (a repeatable-read snapshot taken while waiting would not).
        foreach (var name in locks)
        {
            await ExecuteAsync(connection, null, SessionLock, name, cancellationToken).ConfigureAwait(false);
        }

        return await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
    }

    public async Task LockInTransactionAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<string> locks, CancellationToken cancellationToken)
    {
        foreach (var name in locks)
        {
            await ExecuteAsync(connection, transaction, TransactionLock, name, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task ReleaseAsync(DbConnection connection, IReadOnlyList<string> locks)
    {
        if (connection.State != ConnectionState.Open)
        {
            return;
        }

        foreach (var name in locks)
        {
            await ExecuteAsync(connection, null, SessionUnlock, name, CancellationToken.None).ConfigureAwait(false);
        }
    }

    public IEnumerable<string> Prologue => [];

    public bool DefersForeignKeys => false;

    // Each level of the tree is then an index lookup on the foreign key, whatever size the planner guesses.
    public IReadOnlyList<string> BeforeRecursion => ["SET LOCAL enable_hashjoin = off", "SET LOCAL enable_mergejoin = off", "SET LOCAL enable_seqscan = off"];

    public IReadOnlyList<string> AfterRecursion => ["RESET enable_hashjoin", "RESET enable_mergejoin", "RESET enable_seqscan"];

    // generate_series over a column is guessed at 1,000 rows a group: the millions of rows guessed would have each
    // statement JIT-compiled, for longer than it runs (about half a second a statement measured). The caller's own
    // setting is kept aside for the transaction and put back (RESET would drop a setting of the caller's session).
    public IReadOnlyList<string> BeforeUniqueSearch => ["SELECT set_config('efcore_cloning.jit', current_setting('jit'), true)", "SET LOCAL jit = off"];

    public IReadOnlyList<string> AfterUniqueSearch => ["SELECT set_config('jit', current_setting('efcore_cloning.jit'), true)"];

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, string name, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "k";
        parameter.Value = name;
        command.Parameters.Add(parameter);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    // Identifier text the provider quoted, placed in a regclass/text literal: single quotes doubled.
    private static string Escape(string text) => text.Replace("'", "''", StringComparison.Ordinal);
}
