using System.Data.Common;
using System.Reflection;
using System.Text;
using Microsoft.EntityFrameworkCore.Storage;

namespace EFCore.Cloning.Sql;

/// <summary>One column a <see cref="RowWriter"/> writes or reads back, with the type mapping EF uses for it.</summary>
internal sealed record WrittenColumn(string Name, RelationalTypeMapping Mapping, bool Nullable);

/// <summary>
/// Inserts rows whose values the caller holds (object mode's copies), without EF's update pipeline: keys reserved
/// ahead in blocks, then multi-row <c>INSERT ... VALUES</c> statements. Every value is a parameter made by the column's
/// own type mapping (<see cref="RelationalTypeMapping.CreateParameter"/>, the way EF makes its own, value converter
/// included); identifiers are quoted by the provider's helper.
/// </summary>
internal sealed class RowWriter(SqlCommandRunner runner, ISqlGenerationHelper helper, bool postgres, DbCommand parameterFactory)
{
    private static readonly MethodInfo FieldValueMethod = typeof(DbDataReader).GetMethod(nameof(DbDataReader.GetFieldValue))!;
    private readonly List<(string Name, string Placeholder)> _parameterNames = [];

    // PostgreSQL allows 65,535 parameters per statement. SQLite allows 32,766, but finds each parameter by name with a
    // linear search (sqlite3_bind_parameter_index), so binding costs the square of a statement's size: small ones win.
    private int ParametersPerStatement => postgres ? 30_000 : 240;

    /// <summary>
    /// Reserves <paramref name="count"/> new keys of a single integer key column, or returns null when this database
    /// cannot say which keys are free (no sequence behind the column). PostgreSQL: values of the column's own sequence
    /// (identity or serial), taken like inserts would take them. SQLite: the numbers past the table's largest key and
    /// AUTOINCREMENT's high-water mark; the caller holds the write lock, so no other writer can take them meanwhile.
    /// </summary>
    public async Task<List<long>?> ReserveKeysAsync(string table, string? schema, string column, int count)
    {
        var keys = new List<long>(count);
        if (postgres)
        {
            var sequence = await runner.ScalarAsync(
                "SELECT pg_get_serial_sequence(@t, @c)",
                [KeyValuePair.Create<string, object?>("@t", helper.DelimitIdentifier(table, schema)), KeyValuePair.Create<string, object?>("@c", column)]).ConfigureAwait(false);
            if (sequence is not string name)
            {
                return null;
            }

            foreach (var row in await runner.QueryAsync(
                         "SELECT nextval(@s::regclass) FROM generate_series(1, @n)",
                         [KeyValuePair.Create<string, object?>("@s", name), KeyValuePair.Create<string, object?>("@n", count)]).ConfigureAwait(false))
            {
                keys.Add(Convert.ToInt64(row[0], System.Globalization.CultureInfo.InvariantCulture));
            }

            return keys;
        }

        var quoted = helper.DelimitIdentifier(table, schema);
        var hasSequenceTable = await runner.ScalarAsync("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'").ConfigureAwait(false) is not null;
        var highWater = await runner.ScalarAsync(
            $"SELECT max(COALESCE((SELECT MAX({helper.DelimitIdentifier(column)}) FROM {quoted}), 0)"
            + (hasSequenceTable ? ", COALESCE((SELECT seq FROM sqlite_sequence WHERE name = @t), 0)" : ", 0") + ")",
            [KeyValuePair.Create<string, object?>("@t", table)]).ConfigureAwait(false);
        var start = Convert.ToInt64(highWater, System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 1; i <= count; i++)
        {
            keys.Add(start + i);
        }

        return keys;
    }

    /// <summary>
    /// Takes SQLite's write lock now (a write that changes nothing), so that keys read past the maximum stay free until
    /// the commit even inside a caller's deferred transaction. PostgreSQL needs nothing: its keys come from sequences.
    /// </summary>
    public async Task LockForWritingAsync(string table, string? schema)
    {
        if (!postgres)
        {
            await runner.ExecuteAsync($"DELETE FROM {helper.DelimitIdentifier(table, schema)} WHERE 0").ConfigureAwait(false);
        }
    }

    /// <summary>Inserts <paramref name="rows"/> (one value per column, model values before conversion) in as few statements as fit.</summary>
    public async Task InsertAsync(string table, string? schema, IReadOnlyList<WrittenColumn> columns, bool overriding, IReadOnlyList<object?[]> rows, int? batchSize)
    {
        var perStatement = Math.Max(1, Math.Min(batchSize ?? 1000, ParametersPerStatement / Math.Max(1, columns.Count)));
        var head = Head(table, schema, columns, overriding);
        for (var start = 0; start < rows.Count; start += perStatement)
        {
            var count = Math.Min(perStatement, rows.Count - start);
            var sql = new StringBuilder(head.Length + count * columns.Count * 8).Append(head);
            var parameters = new List<DbParameter>(count * columns.Count);
            for (var r = 0; r < count; r++)
            {
                sql.Append(r == 0 ? "(" : ", (");
                AppendValues(sql, parameters, columns, rows[start + r]);
                sql.Append(')');
            }

            await runner.ExecuteAsync(sql.ToString(), prepared: parameters).ConfigureAwait(false);
        }
    }

    /// <summary>Inserts one row and reads back the columns the database fills (<c>RETURNING</c>), converted as EF reads them.</summary>
    public async Task<object?[]> InsertReturningAsync(string table, string? schema, IReadOnlyList<WrittenColumn> columns, bool overriding, object?[] row, IReadOnlyList<WrittenColumn> returning)
    {
        var parameters = new List<DbParameter>(columns.Count);
        var sql = new StringBuilder(Head(table, schema, columns, overriding));
        if (columns.Count == 0)
        {
            sql.Length -= " VALUES ".Length;
            sql.Append(" DEFAULT VALUES");
        }
        else
        {
            sql.Append('(');
            AppendValues(sql, parameters, columns, row);
            sql.Append(')');
        }

        sql.Append(" RETURNING ").Append(string.Join(", ", returning.Select(c => helper.DelimitIdentifier(c.Name))));
        var values = new object?[returning.Count];
        await runner.ReadAsync(sql.ToString(), parameters, reader =>
        {
            for (var i = 0; i < returning.Count; i++)
            {
                values[i] = Read(reader, i, returning[i].Mapping);
            }
        }).ConfigureAwait(false);
        return values;
    }

    private string Head(string table, string? schema, IReadOnlyList<WrittenColumn> columns, bool overriding)
        => $"INSERT INTO {helper.DelimitIdentifier(table, schema)} ({string.Join(", ", columns.Select(c => helper.DelimitIdentifier(c.Name)))}) "
           + (overriding && postgres ? "OVERRIDING SYSTEM VALUE " : string.Empty) + "VALUES ";

    private void AppendValues(StringBuilder sql, List<DbParameter> parameters, IReadOnlyList<WrittenColumn> columns, object?[] row)
    {
        for (var c = 0; c < columns.Count; c++)
        {
            var (name, placeholder) = ParameterName(parameters.Count);
            parameters.Add(columns[c].Mapping.CreateParameter(parameterFactory, name, row[c], columns[c].Nullable));
            if (c > 0)
            {
                sql.Append(", ");
            }

            sql.Append(placeholder);
        }
    }

    /// <summary>
    /// The name and placeholder of a statement's parameter at <paramref name="index"/>, made once per writer (every
    /// statement numbers its parameters from 0, so a save of many rows would otherwise make four strings per value).
    /// </summary>
    private (string Name, string Placeholder) ParameterName(int index)
    {
        while (_parameterNames.Count <= index)
        {
            // Named as EF names its own (@p0): Microsoft.Data.Sqlite finds such a name at the first try, without prefixing it.
            var name = "p" + _parameterNames.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            _parameterNames.Add((helper.GenerateParameterName(name), helper.GenerateParameterNamePlaceholder(name)));
        }

        return _parameterNames[index];
    }

    /// <summary>A returned value as EF reads it: the provider's type from the reader, then the value converter.</summary>
    private static object? Read(DbDataReader reader, int ordinal, RelationalTypeMapping mapping)
    {
        if (reader.IsDBNull(ordinal))
        {
            return null;
        }

        var converter = mapping.Converter;
        var providerType = converter?.ProviderClrType ?? mapping.ClrType;
        providerType = Nullable.GetUnderlyingType(providerType) ?? providerType;
        var value = FieldValueMethod.MakeGenericMethod(providerType).Invoke(reader, [ordinal]);
        return converter is null ? value : converter.ConvertFromProvider(value);
    }
}
