using System.Data.Common;
using EFCore.Cloning.Internal;

namespace EFCore.Cloning.Sql;

/// <summary>Runs the operation's statements on one connection and transaction; every value travels as a parameter.</summary>
internal sealed class SqlCommandRunner(DbConnection connection, int? commandTimeout, CancellationToken cancellationToken)
{
    public DbTransaction? Transaction { get; set; }

    /// <summary>Told of each statement, reads and writes (EF's command logging, when set mode runs from a context).</summary>
    public ICommandObserver? Observer { get; init; }

    public Task<int> ExecuteAsync(string sql, IEnumerable<KeyValuePair<string, object?>>? parameters = null, IEnumerable<DbParameter>? prepared = null)
        => ObservedAsync(Create(sql, parameters, prepared), async command =>
        {
            var rows = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return (rows, rows);
        });

    /// <summary>Runs a statement that writes and returns rows (<c>INSERT ... RETURNING</c>), handing each row to <paramref name="row"/>.</summary>
    public Task ReadAsync(string sql, IEnumerable<DbParameter> prepared, Action<DbDataReader> row)
        => ObservedAsync(Create(sql, null, prepared), async command =>
        {
            var rows = 0;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                row(reader);
                rows++;
            }

            return (true, rows);
        });

    /// <summary>The names of the columns <paramref name="sql"/> returns, without reading any row.</summary>
    public Task<List<string>> ColumnNamesAsync(string sql, IEnumerable<DbParameter> prepared)
        => ObservedAsync(Create($"SELECT * FROM ({sql}) AS q LIMIT 0", null, prepared), async command =>
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return (Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList(), 0);
        });

    public Task<object?> ScalarAsync(string sql, IEnumerable<KeyValuePair<string, object?>>? parameters = null, IEnumerable<DbParameter>? prepared = null)
        => ObservedAsync(Create(sql, parameters, prepared), async command =>
        {
            var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return (value is DBNull ? null : value, 1);
        });

    public Task<List<object?[]>> QueryAsync(string sql, IEnumerable<KeyValuePair<string, object?>>? parameters = null)
        => ObservedAsync(Create(sql, parameters, null), async command =>
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var rows = new List<object?[]>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var row = new object?[reader.FieldCount];
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                }

                rows.Add(row);
            }

            return (rows, rows.Count);
        });

    /// <summary>Runs one command, telling the observer (EF's command logging) of it, reads and writes alike.</summary>
    private async Task<T> ObservedAsync<T>(DbCommand command, Func<DbCommand, Task<(T Result, int Rows)>> run)
    {
        var id = Guid.NewGuid();
        var start = DateTimeOffset.UtcNow;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            Observer?.Executing(command, id, start);
            var (result, rows) = await run(command).ConfigureAwait(false);
            Observer?.Executed(command, id, start, clock.Elapsed, rows);
            return result;
        }
        catch (Exception exception) when (Observer is not null && exception is DbException or OperationCanceledException)
        {
            Observer.Failed(command, id, start, clock.Elapsed, exception);
            throw;
        }
        finally
        {
            // Prepared parameters may serve another command afterwards; a parameter belongs to one collection at a time.
            command.Parameters.Clear();
            await command.DisposeAsync().ConfigureAwait(false);
        }
    }

    private DbCommand Create(string sql, IEnumerable<KeyValuePair<string, object?>>? parameters, IEnumerable<DbParameter>? prepared)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = Transaction;
        if (commandTimeout is { } timeout)
        {
            command.CommandTimeout = timeout;
        }

        foreach (var (name, value) in parameters ?? [])
        {
            if (value is DbParameter and ICloneable template)
            {
                // A value that carries its own database type (an enum or range sent as text): a copy per command.
                var typed = (DbParameter)template.Clone();
                typed.ParameterName = name;
                command.Parameters.Add(typed);
                continue;
            }

            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        foreach (var parameter in prepared ?? [])
        {
            command.Parameters.Add(parameter);
        }

        CloneStatementLog.Executing(command);
        return command;
    }
}
