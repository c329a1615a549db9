using System.Data.Common;
using EFCore.Cloning.Schema;
using EFCore.Cloning.Sql.Transfer;
using EFCore.Cloning.Tool.Database;
using EFCore.Cloning.Tool.Masking;
using EFCore.Cloning.Tool.Schema;

namespace EFCore.Cloning.Tool.Transfer;

/// <summary>
/// Values on their way into a target: converted to the target column's type, masked, and sent to PostgreSQL cast to
/// the column's own type (ranges, arrays, enums, jsonb, domains, citext), so that nothing arrives as untyped text.
/// </summary>
internal sealed class TargetValues(ToolSession target, IReadOnlyList<MaskRule> masks)
{
    /// <summary>The casts of a staging table's columns: the target column's type where PostgreSQL would not take the value as sent.</summary>
    public IReadOnlyList<string?> Casts(GraphTable table, IReadOnlyList<GraphColumn> columns)
        => columns.Select(c => Cast(table.FindColumn(c.Name) ?? c)).ToList();

    /// <summary>The masks of a table's columns as a row rewrite, or null when none applies.</summary>
    public Func<object?[], object?[]>? Rewrite(GraphTable table, IReadOnlyList<GraphColumn> columns)
    {
        var applied = columns.Select(c => masks.FirstOrDefault(m => m.Entity.Tables.Any(t => t.Table.Name == table.Name && t.Table.Schema == table.Schema) && m.Property.Name == c.Name)).ToArray();
        if (applied.All(m => m is null))
        {
            return null;
        }

        return row =>
        {
            for (var i = 0; i < row.Length; i++)
            {
                if (applied[i] is { } mask)
                {
                    row[i] = mask.Apply(row[i]);
                }
            }

            return row;
        };
    }

    /// <summary>A row read from the source, in the target's types and masked.</summary>
    public object?[] Convert(GraphEntity entity, GraphTable table, IReadOnlyList<GraphColumn> columns, object?[] row)
    {
        var converted = row.Select((value, i) =>
        {
            var property = entity.Properties.FirstOrDefault(p => p.Name == columns[i].Name);
            return value is null ? null : CrossDatabaseTransfer.ConvertValue(value, property?.ClrType);
        }).ToArray();
        return Rewrite(table, columns) is { } rewrite ? rewrite(converted) : converted;
    }

    /// <summary>Inserts rows of one table with the keys they have (principals the copy points at), in one statement.</summary>
    public async Task InsertAsync(DbConnection connection, DbTransaction transaction, GraphTable table, IReadOnlyList<GraphColumn> columns, IReadOnlyList<object?[]> rows, CancellationToken cancellationToken)
    {
        var db = target.Database;
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var casts = Casts(table, columns);
        var overriding = db.Kind == DatabaseProvider.Postgres && columns.Any(c => c.Generation == ValueGeneration.IdentityAlways) ? "OVERRIDING SYSTEM VALUE " : string.Empty;
        var tuples = rows.Select((_, r) => "(" + string.Join(", ", columns.Select((_, i) => casts[i] is { } type ? $"CAST(@v{(r * columns.Count) + i} AS {type})" : $"@v{(r * columns.Count) + i}")) + ")");
        command.CommandText = $"INSERT INTO {db.Quote(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => db.Quote(c.Name)))}) {overriding}VALUES {string.Join(", ", tuples)}";
        foreach (var value in rows.SelectMany(r => r))
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = $"@v{command.Parameters.Count}";
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>After rows went in with their own keys, the key's sequence is moved past them, so that new keys do not collide (SQLite does this itself).</summary>
    public async Task MoveSequenceAsync(DbConnection connection, DbTransaction transaction, GraphEntity entity, CancellationToken cancellationToken)
    {
        var key = entity.PrimaryKey;
        if (target.Database.Kind != DatabaseProvider.Postgres || key.Properties.Count != 1 || !key.IsGenerated)
        {
            return;
        }

        var db = target.Database;
        var table = entity.Tables[0].Table;
        var column = db.Quote(entity.Tables[0].ColumnOf(key.Properties[0]));
        var sequence = key.Sequence is not null ? $"CAST(@sequence AS regclass)" : $"CAST(pg_get_serial_sequence(@table, @column) AS regclass)";
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT setval({sequence}, m) FROM (SELECT max({column}) AS m FROM {db.Quote(table.Name, table.Schema)}) x "
                              + $"WHERE {sequence} IS NOT NULL AND m > COALESCE(pg_sequence_last_value({sequence}), 0)";
        foreach (var (name, value) in new[] { ("@sequence", (object?)key.Sequence?.Name), ("@table", db.Quote(table.Name, table.Schema)), ("@column", entity.Tables[0].ColumnOf(key.Properties[0])) })
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private string? Cast(GraphColumn column)
    {
        if (target.Database.Kind != DatabaseProvider.Postgres || StoreTypes.IsBinaryCopySafe(column.StoreType))
        {
            return null;
        }

        // Text kept as text, within its declared length (a cast to varchar(n) would cut it silently).
        var type = column.StoreType.ToLowerInvariant();
        return type.StartsWith("character varying", StringComparison.Ordinal) || type.StartsWith("varchar", StringComparison.Ordinal) ? null : column.StoreType;
    }
}
