using System.Data.Common;
using EFCore.Cloning.Internal;

namespace EFCore.Cloning.Sql;

/// <summary>Runs the operation's statements on one connection and transaction; every value travels as a parameter.</summary>
internal sealed class SqlCommandRunner(DbConnection connection, int? commandTimeout, CancellationToken cancellationToken)
{
    public DbTransaction? Transaction { get; set; }

    /// <summary>Told of each statement that writes (EF's command logging, when set mode runs from a context).</summary>
    public ICommandObserver? Observer { get; init; }

    public async Task<int> ExecuteAsync(string sql, IEnumerable<KeyValuePair<string, object?>>? parameters = null, IEnumerable<DbParameter>? prepared = null)
    {
        await using var command = Create(sql, parameters, prepared);
        var id = Guid.NewGuid();
        var start = DateTimeOffset.UtcNow;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            Observer?.Executing(command, id, start);
            var rows = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            Observer?.Executed(command, id, start, clock.Elapsed, rows);
            return rows;
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
        }
    }

    /// <summary>Runs a statement that writes and returns rows (<c>INSERT ... RETURNING</c>), handing each row to <paramref name="row"/>.</summary>
    public async Task ReadAsync(string sql, IEnumerable<DbParameter> prepared, Action<DbDataReader> row)
    {
        await using var command = Create(sql, null, prepared);
        var id = Guid.NewGuid();
        var start = DateTimeOffset.UtcNow;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            Observer?.Executing(command, id, start);
            var rows = 0;
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    row(reader);
                    rows++;
                }
            }

            Observer?.Executed(command, id, start, clock.Elapsed, rows);
        }
        catch (Exception exception) when (Observer is not null && exception is DbException or OperationCanceledException)
        {
            Observer.Failed(command, id, start, clock.Elapsed, exception);
            throw;
        }
        finally
        {
            command.Parameters.Clear();
        }
    }

    /// <summary>The names of the columns <paramref name="sql"/> returns, without reading any row.</summary>
    public async Task<List<string>> ColumnNamesAsync(string sql, IEnumerable<DbParameter> prepared)
    {
        await using var command = Create($"SELECT * FROM ({sql}) AS q LIMIT 0", null, prepared);
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        }
        finally
        {
            command.Parameters.Clear();
        }
    }

    public async Task<object?> ScalarAsync(string sql, IEnumerable<KeyValuePair<string, object?>>? parameters = null)
    {
        await using var command = Create(sql, parameters, null);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is DBNull ? null : value;
    }

    public async Task<List<object?[]>> QueryAsync(string sql, IEnumerable<KeyValuePair<string, object?>>? parameters = null)
    {
        await using var command = Create(sql, parameters, null);
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

        return rows;
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
