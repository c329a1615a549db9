using System.Data.Common;
using EFCore.Cloning.Schema;
using EFCore.Cloning.Sql.Transfer;
using EFCore.Cloning.Tool.Database;
using EFCore.Cloning.Tool.Masking;

namespace EFCore.Cloning.Tool.Transfer;

/// <summary>
/// The rows a copy points at without copying them (a rental's film, its staff member): each must exist in the target.
/// Checked once the rows to copy are staged, before anything is inserted. Those missing are named; with
/// <c>--with-parents</c> they are read from the source and inserted with their own keys, following foreign keys
/// upward (a film's language too), principals first, and the target's sequences are moved past them.
/// </summary>
internal sealed class ParentRows(ToolSession source, ToolSession target, ToolPlan plan, TargetValues values, bool withParents)
{
    private readonly HashSet<string> _available = new(StringComparer.Ordinal);
    private readonly HashSet<string> _queued = new(StringComparer.Ordinal);
    private readonly List<(GraphEntity Entity, GraphTable Table, List<GraphColumn> Columns, object?[] Row)> _rows = [];

    /// <summary>The parent rows inserted, per table: for the report.</summary>
    public Dictionary<string, long> Inserted { get; } = new(StringComparer.Ordinal);

    /// <summary>The transfer's hook before the copy: checks (and with <c>--with-parents</c> brings) the rows the staged rows point at.</summary>
    public async Task RunAsync(TransferContext context)
    {
        var missing = new List<(GraphRelationship Relationship, object?[] Key)>();
        foreach (var (table, staging) in context.Staging)
        {
            var entity = target.Schema.Entities.First(e => e.Tables.Any(t => t.Table == table));
            foreach (var relationship in entity.DependentOf.Where(r => plan.Plan.Find(r.Dependent) is { } node && !node.Nulled.Contains(r)))
            {
                foreach (var key in await MissingAsync(context, relationship, table, staging))
                {
                    missing.Add((relationship, key));
                }
            }
        }

        if (missing.Count == 0)
        {
            return;
        }

        if (!withParents)
        {
            var (relationship, _) = missing[0];
            var keys = missing.Where(m => m.Relationship == relationship).Select(m => Text(m.Key)).ToList();
            var shown = string.Join(", ", keys.Take(10)) + (keys.Count > 10 ? $" (and {keys.Count - 10} more)" : string.Empty);
            throw new ToolException(
                $"The target has no '{relationship.Principal.DisplayName}' row with {string.Join(", ", relationship.PrincipalKey.Select(p => p.Name))} = {shown}, "
                + $"which the copied '{relationship.Dependent.DisplayName}' rows point at ({relationship.Dependent.DisplayName}.{relationship.DependentToPrincipal}); nothing was written. "
                + "Copy with --with-parents to bring such rows along, or create them in the target first.");
        }

        foreach (var (relationship, key) in missing)
        {
            await FetchAsync(context, relationship.Principal, relationship.PrincipalKey, key);
        }

        await InsertAsync(context);
    }

    /// <summary>Foreign-key values of the staged rows that match no row of the target, nor a staged row of the principal.</summary>
    private async Task<List<object?[]>> MissingAsync(TransferContext context, GraphRelationship relationship, GraphTable table, string staging)
    {
        var db = target.Database;
        var mapping = relationship.Dependent.Tables.First(t => t.Table == table);
        var principalTable = relationship.Principal.Tables[0];
        var fk = relationship.ForeignKey.Select(p => db.Quote(mapping.ColumnOf(p))).ToList();
        var pk = relationship.PrincipalKey.Select(p => db.Quote(principalTable.ColumnOf(p))).ToList();
        var match = string.Join(" AND ", pk.Select((p, i) => $"p.{p} = s.{fk[i]}"));
        var sql = $"SELECT DISTINCT {string.Join(", ", fk.Select(f => $"s.{f}"))} FROM {db.Quote(staging)} s "
                  + $"WHERE {string.Join(" AND ", fk.Select(f => $"s.{f} IS NOT NULL"))} "
                  + $"AND NOT EXISTS (SELECT 1 FROM {db.Quote(principalTable.Table.Name, principalTable.Table.Schema)} p WHERE {match})";
        if (context.Staging.TryGetValue(principalTable.Table, out var principalStaging))
        {
            sql += $" AND NOT EXISTS (SELECT 1 FROM {db.Quote(principalStaging)} p WHERE {match})";
        }

        return await QueryAsync(context.Target, context.TargetTransaction, sql, [], context.CancellationToken);
    }

    private async Task FetchAsync(TransferContext context, GraphEntity entity, IReadOnlyList<GraphProperty> keyProperties, object?[] key)
    {
        if (!_queued.Add(Identity(entity, keyProperties, key)))
        {
            return;
        }

        var table = entity.Tables[0];
        var columns = table.Table.Columns.Where(c => !c.IsReadOnly).ToList();
        var db = source.Database;
        var sourceTable = source.Schema.Tables.FirstOrDefault(t => t.Name == table.Table.Name)
            ?? throw new ToolException($"The source database has no table '{table.Table.Name}', which the target's rows point at.");
        var sql = $"SELECT {string.Join(", ", columns.Select(c => db.Quote(c.Name)))} FROM {db.Quote(sourceTable.Name, sourceTable.Schema)} "
                  + $"WHERE {string.Join(" AND ", keyProperties.Select((p, i) => $"{db.Quote(table.ColumnOf(p))} = @k{i}"))}";
        var rows = await QueryAsync(context.Source, context.SourceTransaction, sql, key, context.CancellationToken);
        if (rows.Count == 0)
        {
            throw new ToolException($"The source has no '{entity.DisplayName}' row with {string.Join(", ", keyProperties.Select(p => p.Name))} = {Text(key)}, which copied rows point at.");
        }

        var row = values.Convert(entity, table.Table, columns, rows[0]);
        _rows.Add((entity, table.Table, columns, row));

        // Its own principals, when the target lacks them too.
        foreach (var relationship in entity.DependentOf)
        {
            var reference = relationship.ForeignKey.Select(p => row[columns.FindIndex(c => c.Name == table.ColumnOf(p))]).ToArray();
            if (reference.Any(v => v is null) || _queued.Contains(Identity(relationship.Principal, relationship.PrincipalKey, reference)))
            {
                continue;
            }

            if (await ExistsAsync(context, relationship, reference))
            {
                _available.Add(Identity(relationship.Principal, relationship.PrincipalKey, reference));
            }
            else
            {
                await FetchAsync(context, relationship.Principal, relationship.PrincipalKey, reference);
            }
        }
    }

    private async Task<bool> ExistsAsync(TransferContext context, GraphRelationship relationship, object?[] reference)
    {
        var db = target.Database;
        var table = relationship.Principal.Tables[0];
        var sql = $"SELECT 1 FROM {db.Quote(table.Table.Name, table.Table.Schema)} WHERE {string.Join(" AND ", relationship.PrincipalKey.Select((p, i) => $"{db.Quote(table.ColumnOf(p))} = @k{i}"))}";
        return (await QueryAsync(context.Target, context.TargetTransaction, sql, reference, context.CancellationToken)).Count > 0;
    }

    /// <summary>Principals first: a row goes in once every row it points at is in the target.</summary>
    private async Task InsertAsync(TransferContext context)
    {
        var pending = _rows.ToList();
        while (pending.Count > 0)
        {
            var ready = pending.Where(Ready).ToList();
            if (ready.Count == 0)
            {
                throw new ToolException($"The rows the copy points at reference each other in a cycle ({string.Join(", ", pending.Select(p => p.Entity.DisplayName).Distinct())}); create them in the target first.");
            }

            foreach (var item in ready)
            {
                await values.InsertAsync(context.Target, context.TargetTransaction, item.Table, item.Columns, item.Row, context.CancellationToken);
                Inserted[item.Table.ToString()] = Inserted.GetValueOrDefault(item.Table.ToString()) + 1;
                foreach (var relationship in target.Schema.Relationships.Where(r => r.Principal == item.Entity))
                {
                    _available.Add(Identity(item.Entity, relationship.PrincipalKey, relationship.PrincipalKey.Select(p => item.Row[item.Columns.FindIndex(c => c.Name == item.Entity.Tables[0].ColumnOf(p))]).ToArray()));
                }

                pending.Remove(item);
            }
        }

        foreach (var entity in _rows.Select(r => r.Entity).Distinct())
        {
            await values.MoveSequenceAsync(context.Target, context.TargetTransaction, entity, context.CancellationToken);
        }
    }

    private bool Ready((GraphEntity Entity, GraphTable Table, List<GraphColumn> Columns, object?[] Row) item)
        => item.Entity.DependentOf.All(relationship =>
        {
            var reference = relationship.ForeignKey.Select(p => item.Row[item.Columns.FindIndex(c => c.Name == item.Entity.Tables[0].ColumnOf(p))]).ToArray();
            return reference.Any(v => v is null) || _available.Contains(Identity(relationship.Principal, relationship.PrincipalKey, reference))
                   || !_queued.Contains(Identity(relationship.Principal, relationship.PrincipalKey, reference));
        });

    private static string Identity(GraphEntity entity, IReadOnlyList<GraphProperty> columns, object?[] values)
        => $"{entity.Name}|{string.Join(",", columns.Select(c => c.Name))}|{Selection.RootSelector.KeyText(values)}";

    private static string Text(object?[] key) => key.Length == 1 ? $"{key[0]}" : $"({string.Join(", ", key)})";

    private static async Task<List<object?[]>> QueryAsync(DbConnection connection, DbTransaction transaction, string sql, object?[] parameters, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        for (var i = 0; i < parameters.Length; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = $"@k{i}";
            parameter.Value = parameters[i] ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        var rows = new List<object?[]>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i)).ToArray());
        }

        return rows;
    }
}
