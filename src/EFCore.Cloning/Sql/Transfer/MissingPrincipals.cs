using System.Data.Common;
using EFCore.Cloning.Planning;
using EFCore.Cloning.Schema;

namespace EFCore.Cloning.Sql.Transfer;

/// <summary>
/// The rows a copy into another database points at without copying them (shared principals, such as an owner): each
/// must exist in the target. Checked once the rows to copy are staged, before anything is inserted. Those missing are
/// named in a <see cref="CloneException"/>; with <c>copyMissingPrincipals</c> they are read from the source and inserted
/// with their own keys, following foreign keys upward, principals first, and PostgreSQL's sequences are moved past
/// them. The library's form of <c>efclone copy --with-parents</c>.
/// </summary>
internal sealed class MissingPrincipals(ClonePlan sourcePlan, ClonePlan targetPlan, ISqlDialect sourceDialect, ISqlDialect targetDialect, bool sourceIsSqlite, bool targetIsSqlite, bool copy)
{
    /// <summary>Keys per query: within SQLite's parameter limit for keys of a few columns.</summary>
    private const int Batch = 200;

    private readonly HashSet<string> _available = new(StringComparer.Ordinal);
    private readonly HashSet<string> _queued = new(StringComparer.Ordinal);
    private readonly List<(GraphEntity Entity, GraphTable Table, List<GraphColumn> Columns, object?[] Row)> _rows = [];
    private readonly TargetValues _values = new(targetIsSqlite);

    /// <summary>The transfer's hook before the copy: checks (and with the option, brings) the rows the staged rows point at.</summary>
    public async Task RunAsync(TransferContext context)
    {
        var missing = new List<(GraphRelationship Relationship, object?[] Key)>();
        foreach (var (table, staging) in context.Staging)
        {
            var entity = targetPlan.Schema.Entities.First(e => e.Tables.Any(t => t.Table == table));
            foreach (var relationship in entity.DependentOf.Where(r => !r.IsOwnership && targetPlan.Find(r.Dependent) is { } node && !node.Nulled.Contains(r)))
            {
                foreach (var key in await MissingAsync(context, relationship, table, staging).ConfigureAwait(false))
                {
                    missing.Add((relationship, key));
                }
            }
        }

        if (missing.Count == 0)
        {
            return;
        }

        if (!copy)
        {
            var parts = missing.GroupBy(m => m.Relationship).Select(group =>
            {
                var relationship = group.Key;
                var keys = group.Select(m => Text(m.Key)).Distinct().ToList();
                var shown = string.Join(", ", keys.Take(10)) + (keys.Count > 10 ? $" (and {keys.Count - 10} more)" : string.Empty);
                var navigation = relationship.DependentToPrincipal ?? string.Join(", ", relationship.ForeignKey.Select(p => p.Name));
                return $"no '{relationship.Principal.DisplayName}' row with {string.Join(", ", relationship.PrincipalKey.Select(p => p.Name))} = {shown}, "
                       + $"which the copied '{relationship.Dependent.DisplayName}' rows point at ({relationship.Dependent.DisplayName}.{navigation})";
            });
            throw new CloneException(
                $"The target database has {string.Join("; and ", parts)}; nothing was written. "
                + "Use Into(target, copyMissingPrincipals: true) to copy such rows too, with their own keys, or create them in the target first.");
        }

        await FetchAsync(context, missing.Select(m => (m.Relationship.Principal, m.Relationship.PrincipalKey, m.Key))).ConfigureAwait(false);
        await InsertAsync(context).ConfigureAwait(false);
    }

    /// <summary>Foreign-key values of the staged rows that match no row of the target, nor a staged row of the principal.</summary>
    private async Task<List<object?[]>> MissingAsync(TransferContext context, GraphRelationship relationship, GraphTable table, string staging)
    {
        var db = targetDialect;
        var mapping = relationship.Dependent.Tables.First(t => t.Table == table);
        var principalTable = relationship.Principal.Tables[0];
        var fk = relationship.ForeignKey.Select(p => db.Quote(mapping.ColumnOf(p))).ToList();
        var pk = relationship.PrincipalKey.Select(p => db.Quote(principalTable.ColumnOf(p))).ToList();
        var match = string.Join(" AND ", pk.Select((p, i) => $"p.{p} = s.{fk[i]}"));
        var sql = $"SELECT DISTINCT {string.Join(", ", fk.Select(f => $"s.{f}"))} FROM {db.Quote(staging)} s "
                  + $"WHERE {string.Join(" AND ", fk.Select(f => $"s.{f} IS NOT NULL"))} "
                  + $"AND NOT EXISTS (SELECT 1 FROM {db.Table(principalTable.Table)} p WHERE {match})";
        if (context.Staging.TryGetValue(principalTable.Table, out var principalStaging))
        {
            sql += $" AND NOT EXISTS (SELECT 1 FROM {db.Quote(principalStaging)} p WHERE {match})";
        }

        return await QueryAsync(context.Target, context.TargetTransaction, sql, [], context.CancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the wanted rows from the source, a batch of keys per query, then the rows they point at that the target lacks too.</summary>
    private async Task FetchAsync(TransferContext context, IEnumerable<(GraphEntity Entity, IReadOnlyList<GraphProperty> Key, object?[] Values)> wanted)
    {
        var level = wanted.Where(w => _queued.Add(Identity(w.Entity, w.Key, w.Values))).ToList();
        while (level.Count > 0)
        {
            var references = new List<(GraphRelationship Relationship, object?[] Values)>();
            foreach (var group in level.GroupBy(w => (w.Entity, Columns: string.Join(",", w.Key.Select(k => k.Name)))))
            {
                var entity = group.Key.Entity;
                var keyProperties = group.First().Key;
                var table = entity.Tables[0];
                var columns = table.Table.Columns.Where(c => !c.IsReadOnly).ToList();
                foreach (var chunk in group.Select(g => g.Values).Chunk(Batch))
                {
                    foreach (var read in await ReadAsync(context, entity, keyProperties, columns, chunk).ConfigureAwait(false))
                    {
                        var row = Convert(entity, columns, read);
                        _rows.Add((entity, table.Table, columns, row));
                        references.AddRange(entity.DependentOf.Where(r => !r.IsOwnership).Select(r => (r, Reference(entity, r.ForeignKey, columns, row))).Where(x => x.Item2.All(v => v is not null)));
                    }
                }
            }

            var next = references.Where(r => !_queued.Contains(Identity(r.Relationship.Principal, r.Relationship.PrincipalKey, r.Values)))
                .DistinctBy(r => Identity(r.Relationship.Principal, r.Relationship.PrincipalKey, r.Values)).ToList();
            var existing = await ExistingAsync(context, next).ConfigureAwait(false);
            level = [];
            foreach (var (relationship, reference) in next)
            {
                var identity = Identity(relationship.Principal, relationship.PrincipalKey, reference);
                if (existing.Contains(identity))
                {
                    _available.Add(identity);
                }
                else if (_queued.Add(identity))
                {
                    level.Add((relationship.Principal, relationship.PrincipalKey, reference));
                }
            }
        }
    }

    private async Task<List<object?[]>> ReadAsync(TransferContext context, GraphEntity entity, IReadOnlyList<GraphProperty> keyProperties, List<GraphColumn> columns, object?[][] keys)
    {
        var db = sourceDialect;
        var table = entity.Tables[0];
        var sourceTable = sourcePlan.Schema.Tables.FirstOrDefault(t => t.Name == table.Table.Name && t.Schema == table.Table.Schema)
            ?? throw new CloneException($"The source database has no table '{table.Table}', which the copied rows point at.");
        var sql = $"SELECT {string.Join(", ", columns.Select(c => db.Quote(c.Name)))} FROM {db.Table(sourceTable)} WHERE "
                  + Matching(keyProperties.Select(p => db.Quote(table.ColumnOf(p))).ToList(), keys.Length);
        var parameters = keys.SelectMany(k => k.Select((v, i) => TargetValues.ForDatabase(v, keyProperties[i].ClrType, sourceIsSqlite))).ToArray();
        var rows = await QueryAsync(context.Source, context.SourceTransaction, sql, parameters, context.CancellationToken).ConfigureAwait(false);
        if (rows.Count < keys.Length)
        {
            var found = rows.Select(r => Identity(entity, keyProperties, Reference(entity, keyProperties, columns, r))).ToHashSet(StringComparer.Ordinal);
            var lost = keys.First(k => !found.Contains(Identity(entity, keyProperties, k)));
            throw new CloneException($"The source database has no '{entity.DisplayName}' row with {string.Join(", ", keyProperties.Select(p => p.Name))} = {Text(lost)}, which copied rows point at; nothing was written.");
        }

        return rows;
    }

    /// <summary>Which of the referenced rows the target has already.</summary>
    private async Task<HashSet<string>> ExistingAsync(TransferContext context, List<(GraphRelationship Relationship, object?[] Values)> references)
    {
        var db = targetDialect;
        var existing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in references.GroupBy(r => (r.Relationship.Principal, Columns: string.Join(",", r.Relationship.PrincipalKey.Select(k => k.Name)))))
        {
            var keyProperties = group.First().Relationship.PrincipalKey;
            var table = group.Key.Principal.Tables[0];
            var keyColumns = keyProperties.Select(p => db.Quote(table.ColumnOf(p))).ToList();
            foreach (var chunk in group.Select(g => g.Values).Chunk(Batch))
            {
                var sql = $"SELECT {string.Join(", ", keyColumns)} FROM {db.Table(table.Table)} WHERE {Matching(keyColumns, chunk.Length)}";
                var parameters = chunk.SelectMany(k => k.Select((v, i) => TargetValues.ForDatabase(v, keyProperties[i].ClrType, targetIsSqlite))).ToArray();
                foreach (var row in await QueryAsync(context.Target, context.TargetTransaction, sql, parameters, context.CancellationToken).ConfigureAwait(false))
                {
                    existing.Add(Identity(group.Key.Principal, keyProperties, row));
                }
            }
        }

        return existing;
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
                throw new CloneException($"The rows the copy points at reference each other in a cycle ({string.Join(", ", pending.Select(p => p.Entity.DisplayName).Distinct())}); create them in the target first. Nothing was written.");
            }

            foreach (var group in ready.GroupBy(r => r.Table))
            {
                foreach (var chunk in group.Chunk(Math.Max(1, 900 / group.First().Columns.Count)))
                {
                    await PrincipalWriter.InsertAsync(context, targetDialect, _values, group.Key, chunk[0].Columns, chunk.Select(c => c.Row).ToList()).ConfigureAwait(false);
                }
            }

            foreach (var item in ready)
            {
                foreach (var relationship in targetPlan.Schema.Relationships.Where(r => r.Principal == item.Entity))
                {
                    _available.Add(Identity(item.Entity, relationship.PrincipalKey, Reference(item.Entity, relationship.PrincipalKey, item.Columns, item.Row)));
                }
            }

            var inserted = ready.Select(r => r.Row).ToHashSet();
            pending.RemoveAll(p => inserted.Contains(p.Row));
        }

        if (!targetIsSqlite)
        {
            foreach (var entity in _rows.Select(r => r.Entity).Distinct())
            {
                await PrincipalWriter.MoveSequenceAsync(context, targetDialect, entity).ConfigureAwait(false);
            }
        }
    }

    private bool Ready((GraphEntity Entity, GraphTable Table, List<GraphColumn> Columns, object?[] Row) item)
        => item.Entity.DependentOf.Where(r => !r.IsOwnership).All(relationship =>
        {
            var reference = Reference(item.Entity, relationship.ForeignKey, item.Columns, item.Row);
            return reference.Any(v => v is null) || _available.Contains(Identity(relationship.Principal, relationship.PrincipalKey, reference))
                   || !_queued.Contains(Identity(relationship.Principal, relationship.PrincipalKey, reference));
        });

    /// <summary>A source row in the target entity's CLR types and the target's stored forms.</summary>
    private object?[] Convert(GraphEntity entity, List<GraphColumn> columns, object?[] row)
        => row.Select((value, i) =>
        {
            var property = entity.Properties.FirstOrDefault(p => entity.Tables[0].Columns.TryGetValue(p, out var column) && column == columns[i].Name);
            return _values.ForTarget(Internal.ValueConversion.ToClr(value, property?.ClrType), columns[i].StoreType);
        }).ToArray();

    /// <summary><c>(a = @k0 AND b = @k1) OR (a = @k2 AND b = @k3) ...</c> for <paramref name="count"/> keys.</summary>
    private static string Matching(IReadOnlyList<string> columns, int count)
        => string.Join(" OR ", Enumerable.Range(0, count).Select(k => "(" + string.Join(" AND ", columns.Select((c, i) => $"{c} = @k{(k * columns.Count) + i}")) + ")"));

    private static object?[] Reference(GraphEntity entity, IReadOnlyList<GraphProperty> properties, List<GraphColumn> columns, object?[] row)
        => properties.Select(p => row[columns.FindIndex(c => c.Name == entity.Tables[0].ColumnOf(p))]).ToArray();

    /// <summary>A row's identity across both databases: GUIDs compared without case, numbers by value.</summary>
    private static string Identity(GraphEntity entity, IReadOnlyList<GraphProperty> columns, object?[] values)
        => $"{entity.Root.Name}|{string.Join(",", columns.Select(c => c.Name))}|{string.Join("\u001f", values.Select((v, i) => KeyText(v, columns[i].ClrType)))}";

    private static string KeyText(object? value, Type? type)
        => Internal.ValueConversion.ToClr(value, type) switch
        {
            Guid guid => guid.ToString("D"),
            var other => System.Convert.ToString(other, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
        };

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
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i)).ToArray());
        }

        return rows;
    }
}
