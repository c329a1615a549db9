using EFCore.Cloning.Planning;
using EFCore.Cloning.Schema;

namespace EFCore.Cloning.Sql;

/// <summary>
/// Makes the key maps: for every selected original and copy number, the copy's key, before anything is inserted.
/// Generated keys come from the database (sequences, past the largest key); keys the database does not make take the
/// caller's value or, for parts that are foreign keys to copied rows, the principal copy's key.
/// </summary>
internal sealed class KeyAllocator(SetModeState state)
{
    private ISqlDialect Dialect => state.Dialect;

    /// <summary>Whether the node's keys can be made while selecting (one copy, one generated key column, no value given), and its sequence.</summary>
    public async Task<(GraphSequence? Sequence, bool Ok)?> DirectSequenceAsync(NodeTables node)
    {
        var key = node.Node.Entity.PrimaryKey;
        if (state.Plan.Copies != 1 || !key.IsGenerated || key.Properties.Count != 1 || node.Node.Values.Contains(key.Properties[0])
            || (Dialect is SqliteDialect && key.Generation is ValueGeneration.HiLo or ValueGeneration.StoreDefault))
        {
            return null;
        }

        return (await SequenceAsync(node).ConfigureAwait(false), true);
    }

    /// <summary>
    /// Adds the original keys <paramref name="source"/> selects (columns <c>o0..</c>) to the node's selection, skipping
    /// those already there. For a direct node the new key is made in the same statement.
    /// </summary>
    public string InsertSelected(NodeTables node, string source, string? with)
    {
        if (!state.Direct.TryGetValue(node, out var sequence))
        {
            return with + Dialect.InsertIgnore(state.Temp(state.Selection(node)), SetModeState.KeyList(node, "o"), source);
        }

        return with + Dialect.AllocateWhileSelecting(state.Map(node), source, KeyTables(node), node.Node.Entity.PrimaryKey.Generation, sequence);
    }

    /// <summary>Whether the database makes the node's new keys (one generated column, no value given): keys no row holds yet.</summary>
    public static bool MakesKeys(NodeTables node)
    {
        var key = node.Node.Entity.PrimaryKey;
        return key.IsGenerated && key.Properties.Count == 1
               && node.Node.ConcreteTypes.All(t => node.Node.Values.For(key.Properties[0], t) is null);
    }

    public async Task AllocateAsync(NodeTables node)
    {
        if (state.Direct.ContainsKey(node) || !SetModeState.IsMapped(node))
        {
            return;
        }

        var map = state.Map(node);
        await state.CreateMapAsync(node).ConfigureAwait(false);
        var key = node.Node.Entity.PrimaryKey;
        var copies = new[] { state.CopiesParameter };
        var keyRules = key.Properties.Select(p => node.Node.ConcreteTypes.Select(t => node.Node.Values.For(p, t)).FirstOrDefault(v => v is not null)).ToList();
        if (key.IsGenerated && key.Properties.Count == 1 && keyRules[0] is null)
        {
            var selection = $"(SELECT s.o0 AS o0, c.c AS c FROM {state.Temp(state.Selection(node))} s CROSS JOIN {Dialect.CopyNumbers(SetModeState.Copies)})";
            var sequence = await SequenceAsync(node).ConfigureAwait(false);
            var sql = Dialect.AllocateKeys(map, selection, KeyTables(node), key.Generation, sequence);
            state.MapRows[node] = await state.Sql.ExecuteAsync(sql, copies).ConfigureAwait(false);
        }
        else
        {
            // Keys the database does not make: parts that are foreign keys to copied rows take the copy's key, parts
            // the caller set take that value, the rest are kept (the planner made sure the result is new).
            var table = node.KeyTable;
            var parameters = new List<KeyValuePair<string, object?>>(copies);
            var joins = new List<string>();
            var expressions = new List<string>();
            for (var i = 0; i < key.Properties.Count; i++)
            {
                var property = key.Properties[i];
                var column = $"t.{Dialect.Quote(table.ColumnOf(property))}";
                if (keyRules[i] is { Kind: PlanValueKind.Constant } constant)
                {
                    expressions.Add(SetModeState.Parameter(parameters, constant.ProviderValue));
                }
                else if (RemappedForeignKey(node, table, property) is { } remap)
                {
                    var alias = $"p{joins.Count}";
                    joins.Add($"LEFT JOIN {state.Temp(state.Map(remap.Principal))} {alias} ON {state.ForeignKeyJoin(table, remap.Relationship, remap.Principal, "t", alias)} AND {alias}.c = c.c");
                    expressions.Add($"COALESCE({alias}.n{SetModeState.IndexIn(remap.Principal.Key, remap.Relationship.PrincipalKey[SetModeState.IndexIn(remap.Relationship.ForeignKey, property)])}, {column})");
                }
                else
                {
                    expressions.Add(column);
                }
            }

            var sql = $"INSERT INTO {state.Temp(map)} ({SetModeState.KeyList(node, "o")}, c, {SetModeState.KeyList(node, "n")}) "
                      + $"SELECT {SetModeState.KeyList(node, "s.o")}, c.c, {string.Join(", ", expressions)} "
                      + $"FROM {state.Temp(state.Selection(node))} s CROSS JOIN {Dialect.CopyNumbers(SetModeState.Copies)} "
                      + $"JOIN {state.Source(table)} t ON {state.KeyJoin(table, node, "t", "s", "o")} {string.Join(" ", joins)}";
            state.MapRows[node] = await state.Sql.ExecuteAsync(sql, parameters).ConfigureAwait(false);
            if (keyRules.Any(r => r is not null))
            {
                await RefuseTakenKeysAsync(node).ConfigureAwait(false);
            }
        }

        await state.AnalyzeAsync(map).ConfigureAwait(false);
    }

    /// <summary>Keys the copies are given (not made by the database) must be free and distinct: said before anything is inserted.</summary>
    private async Task RefuseTakenKeysAsync(NodeTables node)
    {
        var map = state.Temp(state.Map(node));
        foreach (var table in node.KeyTables)
        {
            var taken = await state.Sql.QueryAsync(
                $"SELECT {SetModeState.KeyList(node, "m.n")} FROM {map} m JOIN {Dialect.Table(table.Table)} t ON {state.KeyJoin(table, node, "t", "m", "n")} LIMIT 1").ConfigureAwait(false);
            var repeated = taken.Count > 0
                ? taken
                : await state.Sql.QueryAsync($"SELECT {SetModeState.KeyList(node, "n")} FROM {map} GROUP BY {SetModeState.KeyList(node, "n")} HAVING count(*) > 1 LIMIT 1").ConfigureAwait(false);
            if (repeated.Count > 0)
            {
                var names = string.Join(", ", node.Key.Select(p => p.Name));
                throw new CloneException(
                    $"The copy of '{node.Node.Entity.DisplayName}' would have the key ({names}) = ({string.Join(", ", repeated[0])}), which {(taken.Count > 0 ? "a row already has" : "another copy gets too")}. "
                    + "Give the copies a key no row has, or leave a generated key to the database (no Set on it).");
            }
        }
    }

    private static IReadOnlyList<(GraphTable Table, GraphColumn Column)> KeyTables(NodeTables node)
    {
        var key = node.Key[0];
        return node.KeyTables.Select(t => (t.Table, t.Column(key))).ToList();
    }

    /// <summary>The sequence behind the node's key, looked up once so that the allocation does not look it up per row.</summary>
    private async Task<GraphSequence?> SequenceAsync(NodeTables node)
    {
        var keyColumn = node.KeyTable.Column(node.Key[0]);
        var sequence = node.Node.Entity.PrimaryKey.Sequence;
        if (sequence is null && Dialect.SequenceOf(node.KeyTable.Table, keyColumn) is { } lookup)
        {
            sequence = await state.Sql.ScalarAsync(lookup.Sql, lookup.Parameters).ConfigureAwait(false) is string name ? new GraphSequence(null, name) : null;
        }

        return sequence;
    }

    private (GraphRelationship Relationship, NodeTables Principal)? RemappedForeignKey(NodeTables node, NodeTable table, GraphProperty property)
    {
        foreach (var relationship in node.Node.Entity.SelfAndDerived().SelectMany(e => e.DependentOf))
        {
            if (relationship.ForeignKey.Contains(property)
                && relationship.ForeignKey.All(table.Columns.ContainsKey)
                && state.Find(relationship.Principal) is { } principal
                && principal.Node != node.Node
                && relationship.PrincipalKey.SequenceEqual(principal.Key)
                && !node.Node.Nulled.Contains(relationship))
            {
                return (relationship, principal);
            }
        }

        return null;
    }
}
