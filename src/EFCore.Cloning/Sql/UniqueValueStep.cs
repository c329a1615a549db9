using System.Globalization;
using EFCore.Cloning.Planning;

namespace EFCore.Cloning.Sql;

/// <summary>
/// Gives each copy's unique string its value before anything is inserted: within the values the index's other columns
/// will hold on the copy, the first of the value, <c>value (copy)</c>, <c>value (copy 2)</c>, ... that neither the
/// table(s) nor an earlier copy holds. The values go to a temporary table the insert joins.
/// </summary>
internal sealed class UniqueValueStep(SetModeState state)
{
    private ISqlDialect Dialect => state.Dialect;

    public async Task MakeUniqueAsync(NodeTables node, PlanUnique unique)
    {
        var tables = node.TablesWith([unique.Property, .. unique.Scope, .. node.Key]).ToList();
        var copied = tables.Where(t => t.Types.Any(unique.Types.Contains)).ToList();
        var rows = new List<(object?[] Key, int Copy, string Value, string Scope)>();
        foreach (var table in copied)
        {
            rows.AddRange(await CopiesAsync(node, table, unique).ConfigureAwait(false));
        }

        if (rows.Count == 0)
        {
            return;
        }

        var column = tables[0].Column(unique.Property);
        var maxLength = column.MaxLength ?? unique.Property.MaxLength;
        // A case-insensitive column (NOCASE, citext) takes 'APOLLO (copy)' as 'Apollo (copy)'.
        string Fold(string text) => unique.Property.IsCaseInsensitive ? text.ToUpperInvariant() : text;
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            foreach (var prefix in rows.Select(r => unique.Suffix.CommonPrefix(r.Value, maxLength)).Distinct(StringComparer.Ordinal))
            {
                var scope = string.Concat(unique.Scope.Select(p => $"t.{Dialect.Quote(table.ColumnOf(p))}, "));
                var quoted = $"t.{Dialect.Quote(table.ColumnOf(unique.Property))}";
                var match = unique.Property.IsCaseInsensitive ? $"lower({Dialect.Left(quoted, "@length")}) = lower(@prefix)" : $"{Dialect.Left(quoted, "@length")} = @prefix";
                var existing = await state.Sql.QueryAsync(
                    $"SELECT {scope}{quoted} FROM {Dialect.Table(table.Table)} t WHERE {match}",
                    [KeyValuePair.Create<string, object?>("@length", prefix.Length), KeyValuePair.Create<string, object?>("@prefix", prefix)]).ConfigureAwait(false);
                taken.UnionWith(existing.Select(r => ScopeKey(r[..^1]) + "\u001e" + Fold((string)r[^1]!)));
            }
        }

        var name = state.UniqueTable(node, unique);
        await state.CreateTempAsync(name, [.. state.KeyColumns(node, "o"), ("c", "integer"), ("v", column.StoreType)], [.. SetModeState.KeyNames(node, "o"), "c"]).ConfigureAwait(false);
        state.UniqueTables[(node.Node, unique)] = name;
        var width = node.Key.Count + 2;
        foreach (var chunk in rows.OrderBy(r => r.Copy).Chunk(Math.Min(state.Plan.BatchSize ?? int.MaxValue, Math.Max(1, 900 / width))))
        {
            var values = new List<KeyValuePair<string, object?>>();
            var tuples = chunk.Select(row =>
            {
                var value = unique.Suffix.FirstFree(row.Value, maxLength, candidate => taken.Add(row.Scope + "\u001e" + Fold(candidate)));
                var items = row.Key.Select(v => SetModeState.Parameter(values, v))
                    .Append(SetModeState.Parameter(values, row.Copy))
                    .Append(SetModeState.Parameter(values, value));
                return "(" + string.Join(", ", items) + ")";
            }).ToList();
            await state.Sql.ExecuteAsync($"INSERT INTO {state.Temp(name)} ({SetModeState.KeyList(node, "o")}, c, v) VALUES {string.Join(", ", tuples)}", values).ConfigureAwait(false);
        }
    }

    /// <summary>Each copy's original value and the values the index's other columns will hold on it, computed as the insert computes them.</summary>
    private async Task<List<(object?[] Key, int Copy, string Value, string Scope)>> CopiesAsync(NodeTables node, NodeTable table, PlanUnique unique)
    {
        var parameters = new List<KeyValuePair<string, object?>> { state.CopiesParameter };
        var joins = new List<string>();
        var columns = new ColumnSources(state, node, table, parameters, joins);
        var sources = columns.Build(withUniques: false).ToDictionary(s => s.Column.Name, s => s.Expression, StringComparer.Ordinal);

        // Rows of types that get the value from a rule are left alone.
        var types = table.Types.All(unique.Types.Contains) ? string.Empty : $" AND {columns.TypeTest(table.Types.Where(unique.Types.Contains).ToList())}";

        // A scope column the database fills (a volatile default) holds a value no row has yet.
        var scope = unique.Scope.Select(p => sources.GetValueOrDefault(table.ColumnOf(p)) ?? "NULL").ToList();
        var fresh = unique.Scope.Select(p => !sources.ContainsKey(table.ColumnOf(p))).ToList();
        var quoted = $"t.{Dialect.Quote(table.ColumnOf(unique.Property))}";
        var sql = $"SELECT {SetModeState.KeyList(node, "m.o")}, m.c, {quoted}{string.Concat(scope.Select(s => ", " + s))} "
                  + $"FROM {state.Source(table)} t JOIN {state.Temp(state.Map(node))} m ON {state.KeyJoin(table, node, "t", "m", "o")} {string.Join(" ", joins)} "
                  + $"WHERE {quoted} IS NOT NULL{types} ORDER BY m.c, {SetModeState.KeyList(node, "m.o")}";
        var rows = await state.Sql.QueryAsync(sql, parameters).ConfigureAwait(false);
        var count = node.Key.Count;
        return rows.Select(r =>
        {
            var scopeValues = r[(count + 2)..].Select((v, i) => fresh[i] ? Guid.NewGuid() : v).ToArray();
            return (r[..count], Convert.ToInt32(r[count], CultureInfo.InvariantCulture), (string)r[count + 1]!, ScopeKey(scopeValues));
        }).ToList();
    }

    /// <summary>The scope as text; nulls compare equal, so that a copy beside its original under no parent is still suffixed.</summary>
    private static string ScopeKey(IEnumerable<object?> values)
        => string.Join("\u001f", values.Select(v => v is null ? "\0" : Convert.ToString(v, CultureInfo.InvariantCulture)));
}
