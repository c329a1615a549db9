using System.Globalization;
using EFCore.Cloning.Planning;

namespace EFCore.Cloning.Sql;

/// <summary>
/// Gives each copy's unique string its value before anything is inserted: within the values the index's other columns
/// will hold on the copy, the first of the value, <c>value (copy)</c>, <c>value (copy 2)</c>, ... that neither the
/// table(s) nor an earlier copy holds, as <see cref="CloneSuffix.FirstFree"/> finds it copy by copy in object mode.
/// It is found inside the database, set-wise: a fixed handful of statements per index and band of suffix lengths,
/// each testing candidate values by equality against the indexed column, and no copy's row in memory. The values go
/// to a temporary table the insert joins.
/// </summary>
internal sealed class UniqueValueStep(SetModeState state)
{
    private ISqlDialect Dialect => state.Dialect;

    public async Task MakeUniqueAsync(NodeTables node, PlanUnique unique)
    {
        var tables = node.TablesWith([unique.Property, .. unique.Scope, .. node.Key]).ToList();
        var copied = tables.Where(t => t.Types.Any(unique.Types.Contains)).ToList();
        if (copied.Count == 0)
        {
            return;
        }

        var column = tables[0].Column(unique.Property);
        var work = new UniqueWork(state, node, unique, tables, new SuffixSql(Dialect, unique.Suffix, column.MaxLength ?? unique.Property.MaxLength));
        await state.CreateTempAsync(
            work.CopiesName,
            [("ord", "integer"), .. state.KeyColumns(node, "o"), ("c", "integer"), ("f", "integer"), .. work.ScopeColumns, ("v", "text"), ("r", "text"), ("b", "integer"), ("a", "text")],
            ["ord"]).ConfigureAwait(false);
        var (count, scopeAllNewKeys) = await CopiesAsync(node, unique, copied, work).ConfigureAwait(false);
        if (count == 0)
        {
            return;
        }

        if (!scopeAllNewKeys || !await KeepUnderNewParentsAsync(node, unique, work).ConfigureAwait(false))
        {
            await SearchAllAsync(work).ConfigureAwait(false);
        }

        var name = work.ResultName;
        await state.CreateTempAsync(name, [.. state.KeyColumns(node, "o"), ("c", "integer"), ("v", column.StoreType)], [.. SetModeState.KeyNames(node, "o"), "c"]).ConfigureAwait(false);
        state.UniqueTables[(node.Node, unique)] = name;
        var keys = SetModeState.KeyList(node, "o");
        await state.Sql.ExecuteAsync($"INSERT INTO {state.Temp(name)} ({keys}, c, v) SELECT {keys}, c, a FROM {work.Copies}").ConfigureAwait(false);
    }

    /// <summary>
    /// Where every scope column is a foreign key to a copied principal and no rule gives the index's columns values, the
    /// copies whose scope holds their principals' new keys keep their values: no row holds that scope yet, and the copies
    /// under one new parent are those of one original parent, whose values the index kept unique. True when that was
    /// every copy (nothing left to search).
    /// </summary>
    private async Task<bool> KeepUnderNewParentsAsync(NodeTables node, PlanUnique unique, UniqueWork work)
    {
        if (unique.Scope.Append(unique.Property).Any(node.Node.Values.Contains)
            || await state.Sql.ExecuteAsync($"UPDATE {work.Copies} SET a = v WHERE f = 2").ConfigureAwait(false) == 0)
        {
            return false;
        }

        return await state.Sql.ScalarAsync($"SELECT 1 FROM {work.Copies} WHERE a IS NULL LIMIT 1").ConfigureAwait(false) is null;
    }

    private async Task SearchAllAsync(UniqueWork work)
    {
        foreach (var statement in Dialect.BeforeUniqueSearch)
        {
            await state.Sql.ExecuteAsync(statement).ConfigureAwait(false);
        }

        foreach (var statement in work.Suffix.Strip(work.Copies))
        {
            await ExecuteAsync(work, statement).ConfigureAwait(false);
        }

        // After the roots are known: the planner must see how many copies try their own value first.
        await state.AnalyzeAsync(work.CopiesName).ConfigureAwait(false);
        await KeepOwnValuesAsync(work).ConfigureAwait(false);
        await SearchAsync(work).ConfigureAwait(false);
        foreach (var statement in Dialect.AfterUniqueSearch)
        {
            await state.Sql.ExecuteAsync(statement).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Fills the copies table from every copied table in one statement, numbering the copies in the engines' order; with
    /// the row count, whether every scope column of every table is a foreign key that can hold a copied principal's new key.
    /// </summary>
    private async Task<(int Count, bool ScopeAllNewKeys)> CopiesAsync(NodeTables node, PlanUnique unique, IReadOnlyList<NodeTable> copied, UniqueWork work)
    {
        var parameters = new List<KeyValuePair<string, object?>> { state.CopiesParameter };
        var scopeAllNewKeys = unique.Scope.Count > 0;
        var selects = new List<string>();
        for (var i = 0; i < copied.Count; i++)
        {
            var table = copied[i];
            var joins = new List<string>();
            var columns = new ColumnSources(state, node, table, parameters, joins);
            var sources = columns.Build(withUniques: false).ToDictionary(s => s.Column.Name, s => s.Expression, StringComparer.Ordinal);

            // Rows of types that get a constant (or the store default) from a rule are left alone.
            var types = table.Types.All(unique.Types.Contains) ? string.Empty : $" AND {columns.TypeTest(table.Types.Where(unique.Types.Contains).ToList())}";

            // A scope column the database fills (a volatile default) holds a value no row has yet: the copy competes with no one.
            var fresh = unique.Scope.Any(p => !sources.ContainsKey(table.ColumnOf(p)));

            // A scope column holding a copied principal's new key (a key the database just made): no row holds that scope yet.
            var newKeys = unique.Scope.Select(p => columns.NewKeyTests.GetValueOrDefault(table.ColumnOf(p))).OfType<string>().ToList();
            var kind = fresh ? "1" : newKeys.Count == 0 ? "0" : $"CASE WHEN {string.Join(" OR ", newKeys)} THEN 2 ELSE 0 END";
            scopeAllNewKeys &= !fresh && newKeys.Count == unique.Scope.Count;
            var scope = unique.Scope.Select((p, j) => $", {(fresh ? $"CAST(NULL AS {work.ScopeColumns[j].Type})" : sources[table.ColumnOf(p)])} AS s{j}");
            var keys = string.Join(", ", node.Key.Select((_, j) => $"m.o{j} AS o{j}"));
            // The value the insert would write without the suffix: the original's, or one computed from it.
            var quoted = sources.GetValueOrDefault(table.ColumnOf(unique.Property)) ?? $"t.{Dialect.Quote(table.ColumnOf(unique.Property))}";
            selects.Add($"SELECT {i.ToString(CultureInfo.InvariantCulture)} AS ti, {keys}, m.c AS c, {kind} AS f{string.Concat(scope)}, CAST({quoted} AS text) AS v "
                        + $"FROM {state.Source(table)} t JOIN {state.Temp(state.Map(node))} m ON {state.KeyJoin(table, node, "t", "m", "o")} {string.Join(" ", joins)} "
                        + $"WHERE {quoted} IS NOT NULL{types}");
        }

        var keyList = SetModeState.KeyList(node, "o");
        var scopeList = string.Concat(work.ScopeColumns.Select(c => ", " + c.Name));
        var order = string.Join(", ", node.Key.Select((_, j) => $"x.o{j}"));
        var count = await state.Sql.ExecuteAsync(
            $"INSERT INTO {work.Copies} (ord, {keyList}, c, f{scopeList}, v) SELECT row_number() OVER (ORDER BY x.c, x.ti, {order}), "
            + $"{string.Join(", ", node.Key.Select((_, j) => $"x.o{j}"))}, x.c, x.f{work.ScopeList("x")}, x.v FROM ({string.Join(" UNION ALL ", selects)}) x",
            parameters).ConfigureAwait(false);
        return (count, scopeAllNewKeys);
    }

    /// <summary>
    /// A value without a suffix is tried first: the first copy (in order) of each group of equal values keeps it where
    /// no row holds it in the copy's scope (a copy under a copied parent, or moved to another tenant).
    /// </summary>
    private async Task KeepOwnValuesAsync(UniqueWork work)
    {
        var copies = work.Copies;
        // Copies that kept their values already (under a new parent) are left out: they compete with no other copy.
        var first = $"SELECT ord FROM (SELECT x.ord, row_number() OVER (PARTITION BY {work.Partition("x", "x.v")} ORDER BY x.ord) AS k FROM {copies} x WHERE x.b = 1 AND x.a IS NULL) y WHERE y.k = 1";
        await ExecuteAsync(work, $"UPDATE {copies} SET a = v WHERE b = 1 AND a IS NULL AND ord IN ({first}) AND {work.IsFree($"{copies}.v", copies)}").ConfigureAwait(false);
        if (!work.CaseInsensitive)
        {
            return;
        }

        var scope = string.Concat(work.ScopeColumns.Select(c => ", " + c.Name));
        await state.CreateTempAsync(work.KeptName, [("fa", "text"), ("ord", "integer"), .. work.ScopeColumns], ["fa", "ord"]).ConfigureAwait(false);
        await state.Sql.ExecuteAsync($"INSERT INTO {work.Kept} (fa, ord{scope}) SELECT lower(a), ord{scope} FROM {copies} WHERE a IS NOT NULL AND f <> 1").ConfigureAwait(false);
        work.HasKept = true;
    }

    /// <summary>Suffixed values, band by band of suffix lengths, until every copy has one.</summary>
    private async Task SearchAsync(UniqueWork work)
    {
        long longest = 0;
        if (work.Suffix.MaxLength is not null)
        {
            // Only the cut that values actually need splits the search into bands.
            if (await state.Sql.ScalarAsync($"SELECT max(length(r)) FROM {work.Copies} WHERE a IS NULL").ConfigureAwait(false) is not { } value)
            {
                return;
            }

            longest = Convert.ToInt64(value, CultureInfo.InvariantCulture);
        }

        await state.CreateTempAsync(work.RanksName, [("gid", "integer"), ("k", "integer"), ("m", "integer"), ("ord", "integer"), ("p", "text")], ["gid", "k"]).ConfigureAwait(false);
        await state.CreateTempAsync(
            work.GroupsName,
            [("gid", "integer"), ("f", "integer"), .. work.ScopeColumns, ("p", "text"), ("m", "bigint"), ("need", "bigint"), ("nxt", "bigint"), ("chunk", "bigint")],
            ["gid"]).ConfigureAwait(false);
        await state.CreateTempAsync(work.FreeName, [("gid", "integer"), ("n", "bigint")], ["gid", "n"]).ConfigureAwait(false);
        var search = new UniqueBandSearch(state, work);
        foreach (var band in SuffixBand.For(work.Suffix, longest))
        {
            if (!await search.SearchAsync(band).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    private Task<int> ExecuteAsync(UniqueWork work, string sql) => state.Sql.ExecuteAsync(sql, work.Suffix.Used(sql));
}
