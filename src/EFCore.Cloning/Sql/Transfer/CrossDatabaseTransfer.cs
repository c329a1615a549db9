using System.Data;
using System.Data.Common;
using System.Globalization;
using EFCore.Cloning.Schema;

namespace EFCore.Cloning.Sql.Transfer;

/// <summary>Writes rows into a staging table of the target, faster than parameterized INSERTs (PostgreSQL: binary COPY).</summary>
/// <param name="connection">The open target connection (its transaction is the copy's).</param>
/// <param name="table">The staging table, quoted.</param>
/// <param name="columns">Its columns, quoted and comma-separated, in row order.</param>
/// <param name="types">The CLR type of each column, as the values are converted to.</param>
/// <param name="rows">The rows, streamed.</param>
/// <param name="cancellationToken">Cancels the write.</param>
internal delegate Task BulkWriter(DbConnection connection, string table, string columns, Type?[] types, IAsyncEnumerable<object?[]> rows, CancellationToken cancellationToken);

/// <summary>
/// Copies a planned graph from one database into another with the same tables: the source selects the rows as a
/// clone would (one snapshot), they stream in batches into temporary staging tables on the target, and the target
/// then runs the set-mode clone from staging, with new keys made by the target, in one target transaction.
/// Memory stays bounded: one batch of rows is held at a time.
/// </summary>
internal static class CrossDatabaseTransfer
{
    private const int MaxParameters = 30_000;

    /// <param name="source">The plan over the source's schema, the source connection and the roots.</param>
    /// <param name="target">The same plan over the target's schema and the target connection (its roots are not used).</param>
    /// <param name="bulkWriter">
    /// A faster way into the target's staging tables (PostgreSQL's binary COPY), given the open target connection, the
    /// quoted staging table, its column names and CLR types, and the rows; without one (or for a table with a column
    /// <see cref="TransferHooks.Casts"/> casts), batched parameterized INSERTs.
    /// </param>
    /// <param name="cancellationToken">Cancels the copy; the target is left as it was.</param>
    /// <param name="hooks">Casts, row rewrites and work before the copy, if any.</param>
    /// <param name="sourceTransaction">The source's open transaction, if the caller has one: read inside it, under a savepoint rolled back afterwards.</param>
    /// <param name="targetTransaction">The target's open transaction, if the caller has one: written inside it, under a savepoint; not committed.</param>
    public static async Task<CloneResult> RunAsync(
        SetModeRequest source,
        SetModeRequest target,
        BulkWriter? bulkWriter,
        CancellationToken cancellationToken,
        TransferHooks? hooks = null,
        DbTransaction? sourceTransaction = null,
        DbTransaction? targetTransaction = null)
    {
        var targetTables = CheckSameSchema(source, target);
        var sourceConnection = source.Connection;
        var targetConnection = target.Connection;
        var openedSource = sourceConnection.State != ConnectionState.Open;
        var openedTarget = targetConnection.State != ConnectionState.Open;
        if (openedSource)
        {
            await sourceConnection.OpenAsync(cancellationToken).ConfigureAwait(false);
        }

        if (openedTarget)
        {
            await targetConnection.OpenAsync(cancellationToken).ConfigureAwait(false);
        }

        var savepoint = $"efcore_cloning_{Guid.NewGuid():N}";
        var ownSource = sourceTransaction is null;
        var ownTarget = targetTransaction is null;
        DbTransaction? sourceTransactionInUse = null;
        DbTransaction? targetTransactionInUse = null;
        try
        {
            sourceTransactionInUse = await BeginOrSaveAsync(sourceConnection, sourceTransaction, savepoint,
                source.ProviderName == SqlDialects.Npgsql ? IsolationLevel.RepeatableRead : IsolationLevel.Serializable, cancellationToken).ConfigureAwait(false);
            targetTransactionInUse = await BeginOrSaveAsync(targetConnection, targetTransaction, savepoint, IsolationLevel.Unspecified, cancellationToken).ConfigureAwait(false);
            var selection = new SetModeOperation(source with { Transaction = sourceTransactionInUse }, cancellationToken);
            var queries = await selection.SelectForTransferAsync().ConfigureAwait(false);

            var dialect = SqlDialects.For(target.ProviderName, target.SqlGenerationHelper);
            var runner = new SqlCommandRunner(targetConnection, target.CommandTimeout, cancellationToken) { Transaction = targetTransactionInUse };
            var staging = new Dictionary<GraphTable, string>();
            var id = Guid.NewGuid().ToString("N")[..10];
            foreach (var (sourceTable, columns, sql, parameters) in queries)
            {
                var (table, types) = targetTables[sourceTable];
                var name = $"efc_{id}_stage{staging.Count}";
                var definitions = columns.Select(c => (dialect.Quote(c.Name), table.FindColumn(c.Name)!.StoreType)).ToList();
                await runner.ExecuteAsync(dialect.CreateTemp(name, definitions, [])).ConfigureAwait(false);
                staging[table] = name;
                var columnList = string.Join(", ", columns.Select(c => dialect.Quote(c.Name)));
                await using (var reader = await SourceRows.ReadAsync(sourceConnection, sourceTransactionInUse, sql, parameters, source.CommandTimeout, cancellationToken).ConfigureAwait(false))
                {
                    var rows = SourceRows.Rows(reader, types, cancellationToken);
                    if (hooks?.Rewrite?.Invoke(table, columns) is { } rewrite)
                    {
                        rows = SourceRows.Rewritten(rows, rewrite);
                    }

                    // The bulk writer sends values as they are: a table with a column that needs a cast takes INSERTs.
                    var casts = hooks?.Casts?.Invoke(table, columns) ?? new string?[types.Length];
                    if (bulkWriter is not null && casts.All(c => c is null))
                    {
                        await bulkWriter(targetConnection, dialect.Quote(name), columnList, types, rows, cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        await InsertAsync(runner, dialect.Quote(name), columnList, casts, rows, source.Plan.BatchSize).ConfigureAwait(false);
                    }
                }

                if (dialect.Analyze(name) is { } analyze)
                {
                    await runner.ExecuteAsync(analyze).ConfigureAwait(false);
                }
            }

            if (hooks?.BeforeCopy is { } beforeCopy)
            {
                await beforeCopy(new TransferContext(sourceConnection, sourceTransactionInUse, targetConnection, targetTransactionInUse, staging, cancellationToken)).ConfigureAwait(false);
            }

            var copy = new SetModeOperation(new SetModeRequest(targetConnection, target.ProviderName, target.SqlGenerationHelper, target.Plan, target.Roots)
            {
                Transaction = targetTransactionInUse,
                CommandTimeout = target.CommandTimeout,
            }, cancellationToken, staging);
            var result = await copy.ExecuteAsync().ConfigureAwait(false);
            foreach (var name in staging.Values)
            {
                await runner.ExecuteAsync(dialect.DropTemp(name)).ConfigureAwait(false);
            }

            if (ownTarget)
            {
                await targetTransactionInUse.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await targetTransactionInUse.ReleaseAsync(savepoint, cancellationToken).ConfigureAwait(false);
            }

            return result;
        }
        catch
        {
            if (targetTransactionInUse is not null)
            {
                await (ownTarget ? Quietly.RollbackAsync(targetTransactionInUse) : Quietly.RollbackAsync(targetTransactionInUse, savepoint)).ConfigureAwait(false);
            }

            throw;
        }
        finally
        {
            // The source was only read; its temporary selection goes with the rollback.
            if (sourceTransactionInUse is not null)
            {
                await (ownSource ? Quietly.RollbackAsync(sourceTransactionInUse) : Quietly.RollbackAsync(sourceTransactionInUse, savepoint)).ConfigureAwait(false);
            }

            if (ownSource && sourceTransactionInUse is not null)
            {
                await sourceTransactionInUse.DisposeAsync().ConfigureAwait(false);
            }

            if (ownTarget && targetTransactionInUse is not null)
            {
                await targetTransactionInUse.DisposeAsync().ConfigureAwait(false);
            }

            if (openedSource)
            {
                await sourceConnection.CloseAsync().ConfigureAwait(false);
            }

            if (openedTarget)
            {
                await targetConnection.CloseAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>A transaction of its own on the connection, or a savepoint in the caller's.</summary>
    private static async Task<DbTransaction> BeginOrSaveAsync(DbConnection connection, DbTransaction? callers, string savepoint, IsolationLevel isolation, CancellationToken cancellationToken)
    {
        if (callers is null)
        {
            return await connection.BeginTransactionAsync(isolation, cancellationToken).ConfigureAwait(false);
        }

        await callers.SaveAsync(savepoint, cancellationToken).ConfigureAwait(false);
        return callers;
    }

    /// <summary>Every planned table must exist in the target with every column the source has; checked before anything is written.</summary>
    private static Dictionary<GraphTable, (GraphTable Table, Type?[] Types)> CheckSameSchema(SetModeRequest source, SetModeRequest target)
    {
        var tables = new Dictionary<GraphTable, (GraphTable, Type?[])>();
        foreach (var node in source.Plan.Nodes.Where(n => !n.IsEmbedded))
        {
            foreach (var mapping in node.Entity.SelfAndDerived().SelectMany(e => e.Tables).Where(t => t.Role != TableRole.Embedded))
            {
                var sourceTable = mapping.Table;
                if (tables.ContainsKey(sourceTable))
                {
                    continue;
                }

                // The same schema first; by name alone between databases that name schemas differently (SQLite has none).
                var targetTable = target.Plan.Schema.Tables.FirstOrDefault(t => t.Name == sourceTable.Name && t.Schema == sourceTable.Schema)
                    ?? target.Plan.Schema.Tables.FirstOrDefault(t => t.Name == sourceTable.Name)
                    ?? throw new CloneException($"The target database has no table '{sourceTable.Name}': copy needs the same schema in both databases.");
                var columns = sourceTable.Columns.Where(c => !c.IsReadOnly).ToList();
                var missing = columns.FirstOrDefault(c => targetTable.FindColumn(c.Name) is null);
                if (missing is not null)
                {
                    throw new CloneException($"The target's table '{targetTable}' has no column '{missing.Name}': copy needs the same schema in both databases.");
                }

                var targetEntity = target.Plan.Schema.Entities.FirstOrDefault(e => e.Tables.Any(t => t.Table == targetTable));
                var clrTypes = columns.Select(c => targetEntity?.Tables.SelectMany(t => t.Columns).FirstOrDefault(p => p.Value == c.Name).Key?.ClrType).ToArray();
                tables[sourceTable] = (targetTable, clrTypes);
            }
        }

        return tables;
    }

    private static async Task InsertAsync(SqlCommandRunner target, string staging, string columnList, IReadOnlyList<string?> casts, IAsyncEnumerable<object?[]> rows, int? batchSize)
    {
        var batchRows = Math.Clamp(Math.Min(batchSize ?? int.MaxValue, MaxParameters / Math.Max(1, casts.Count)), 1, 1000);
        var batch = new List<object?[]>(batchRows);
        await foreach (var row in rows.ConfigureAwait(false))
        {
            batch.Add(row);
            if (batch.Count == batchRows)
            {
                await WriteAsync(target, staging, columnList, casts, batch).ConfigureAwait(false);
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            await WriteAsync(target, staging, columnList, casts, batch).ConfigureAwait(false);
        }
    }

    private static Task<int> WriteAsync(SqlCommandRunner target, string staging, string columns, IReadOnlyList<string?> casts, List<object?[]> rows)
    {
        var parameters = new List<KeyValuePair<string, object?>>(rows.Count * rows[0].Length);
        var tuples = rows.Select(row => "(" + string.Join(", ", row.Select((value, i) =>
        {
            var name = $"@p{parameters.Count}";
            parameters.Add(KeyValuePair.Create(name, value));
            return casts[i] is { } type ? $"CAST({name} AS {type})" : name;
        })) + ")");
        return target.ExecuteAsync($"INSERT INTO {staging} ({columns}) VALUES {string.Join(", ", tuples)}", parameters);
    }

    /// <summary>Brings a value read from one database to the CLR type the other's column takes (SQLite keeps dates as text, integers as 64 bits).</summary>
    internal static object? ConvertValue(object value, Type? type) => Internal.ValueConversion.ToClr(value, type);
}
