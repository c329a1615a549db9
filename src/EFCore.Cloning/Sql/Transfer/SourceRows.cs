using System.Data.Common;

namespace EFCore.Cloning.Sql.Transfer;

/// <summary>The source side of a transfer: the selected rows read one at a time, converted to the target's column types.</summary>
internal static class SourceRows
{
    public static async Task<System.Data.Common.DbDataReader> ReadAsync(
        DbConnection connection, DbTransaction transaction, string sql, IReadOnlyList<System.Data.Common.DbParameter> parameters, int? timeout, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var parameter in parameters)
        {
            // A filter's parameters serve other commands too, and a parameter belongs to one command at a time.
            command.Parameters.Add(parameter is ICloneable template ? (System.Data.Common.DbParameter)template.Clone() : Copy(command, parameter));
        }

        if (timeout is { } seconds)
        {
            command.CommandTimeout = seconds;
        }

        // The reader owns the command from here: CloseConnection is not asked for, disposing the reader is enough.
        return await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
    }

    private static System.Data.Common.DbParameter Copy(System.Data.Common.DbCommand command, System.Data.Common.DbParameter parameter)
    {
        var copy = command.CreateParameter();
        copy.ParameterName = parameter.ParameterName;
        copy.DbType = parameter.DbType;
        copy.Value = parameter.Value;
        return copy;
    }

    /// <summary>The source rows one at a time, converted to the target's column types: never more than one row in memory here.</summary>
    public static async IAsyncEnumerable<object?[]> Rows(DbDataReader reader, Type?[] types, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var row = new object?[types.Length];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : CrossDatabaseTransfer.ConvertValue(reader.GetValue(i), types[i]);
            }

            yield return row;
        }
    }

    public static async IAsyncEnumerable<object?[]> Rewritten(IAsyncEnumerable<object?[]> rows, Func<object?[], object?[]> rewrite)
    {
        await foreach (var row in rows.ConfigureAwait(false))
        {
            yield return rewrite(row);
        }
    }
}
