using EFCore.Cloning.Schema;

namespace EFCore.Cloning.Sql.Transfer;

/// <summary>Inserts principal rows into the target with the keys they have, and moves PostgreSQL's key sequences past them.</summary>
internal static class PrincipalWriter
{
    /// <summary>Inserts rows of one table with their own keys, in one statement, every value a parameter.</summary>
    public static async Task InsertAsync(TransferContext context, ISqlDialect dialect, TargetValues values, GraphTable table, IReadOnlyList<GraphColumn> columns, IReadOnlyList<object?[]> rows)
    {
        await using var command = context.Target.CreateCommand();
        command.Transaction = context.TargetTransaction;
        var casts = values.Casts(table, columns);
        var overriding = columns.Any(c => c.Generation == ValueGeneration.IdentityAlways) && dialect.OverridingSystemValue is { } clause ? clause + " " : string.Empty;
        var tuples = rows.Select((_, r) => "(" + string.Join(", ", columns.Select((_, i) => casts[i] is { } type ? $"CAST(@v{(r * columns.Count) + i} AS {type})" : $"@v{(r * columns.Count) + i}")) + ")");
        command.CommandText = $"INSERT INTO {dialect.Table(table)} ({string.Join(", ", columns.Select(c => dialect.Quote(c.Name)))}) {overriding}VALUES {string.Join(", ", tuples)}";
        foreach (var value in rows.SelectMany(r => r))
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = $"@v{command.Parameters.Count}";
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        await command.ExecuteNonQueryAsync(context.CancellationToken).ConfigureAwait(false);
    }

    /// <summary>PostgreSQL: after rows went in with their own keys, the key's sequence is moved past them so that new keys do not collide.</summary>
    public static async Task MoveSequenceAsync(TransferContext context, ISqlDialect dialect, GraphEntity entity)
    {
        var key = entity.PrimaryKey;
        // Numbers the database draws (identity, serial, a sequence default); not GUIDs, nor HiLo's blocks.
        if (key.Properties.Count != 1 || key.Generation is not (ValueGeneration.IdentityByDefault or ValueGeneration.IdentityAlways or ValueGeneration.Sequence))
        {
            return;
        }

        var table = entity.Tables[0].Table;
        var column = dialect.Quote(entity.Tables[0].ColumnOf(key.Properties[0]));
        var sequence = key.Sequence is not null ? "CAST(@sequence AS regclass)" : "CAST(pg_get_serial_sequence(@table, @column) AS regclass)";
        await using var command = context.Target.CreateCommand();
        command.Transaction = context.TargetTransaction;
        command.CommandText = $"SELECT setval({sequence}, m) FROM (SELECT max({column}) AS m FROM {dialect.Table(table)}) x "
                              + $"WHERE {sequence} IS NOT NULL AND m > COALESCE(pg_sequence_last_value({sequence}), 0)";
        foreach (var (name, value) in new[] { ("@sequence", (object?)key.Sequence?.Name), ("@table", dialect.Table(table)), ("@column", entity.Tables[0].ColumnOf(key.Properties[0])) })
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        await command.ExecuteNonQueryAsync(context.CancellationToken).ConfigureAwait(false);
    }
}
