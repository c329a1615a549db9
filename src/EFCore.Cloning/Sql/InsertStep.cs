using System.Data.Common;
using System.Globalization;
using EFCore.Cloning.Planning;
using EFCore.Cloning.Schema;

namespace EFCore.Cloning.Sql;

/// <summary>
/// Writes the copies: one <c>INSERT ... SELECT</c> per table that joins the key maps, then the foreign keys a cycle
/// break inserted as null; and reads the key mappings for the result.
/// </summary>
internal sealed class InsertStep(SetModeState state)
{
    private ISqlDialect Dialect => state.Dialect;

    /// <summary>Statement text and parameters of the insert of one table's copies (pure: no database involved).</summary>
    public (string Sql, List<KeyValuePair<string, object?>> Parameters, IReadOnlyList<DbParameter> Prepared) Statement(NodeTables node, NodeTable table)
    {
        var parameters = new List<KeyValuePair<string, object?>>();
        var joins = new List<string>();
        var columns = new ColumnSources(state, node, table, parameters, joins);
        var sources = columns.Build();
        var overriding = sources.Any(s => s.Column.Generation == ValueGeneration.IdentityAlways);
        var insert = $"INSERT INTO {Dialect.Table(table.Table)} ({string.Join(", ", sources.Select(s => Dialect.Quote(s.Column.Name)))}) "
                     + (overriding && Dialect.OverridingSystemValue is { } clause ? clause + " " : string.Empty)
                     + $"SELECT {string.Join(", ", sources.Select(s => s.Expression))} FROM ";
        if (state.Parent(node) is not { } parent)
        {
            return (insert + $"{state.Source(table)} t JOIN {state.Temp(state.Map(node))} m ON {state.KeyJoin(table, node, "t", "m", "o")} {string.Join(" ", joins)}", parameters, []);
        }

        // Straight from the parent's key map: numbered keys follow the originals' order, as a key map would number them.
        var (from, where, prepared) = state.UnderParent(node, table, state.Map(parent));
        var numbered = node.Node.Entity.PrimaryKey.Generation is ValueGeneration.IdentityByDefault or ValueGeneration.IdentityAlways or ValueGeneration.Sequence;
        return (insert + $"{from} {string.Join(" ", joins)}{where}{(numbered ? " ORDER BY " + columns.OrderOfCopies : string.Empty)}", parameters, prepared);
    }

    public async Task<long> InsertAsync(NodeTables node, NodeTable table)
    {
        var (sql, parameters, prepared) = Statement(node, table);
        return await state.Sql.ExecuteAsync(sql, parameters, prepared).ConfigureAwait(false);
    }

    public async Task<long> CountAsync(NodeTables node, NodeTable table)
    {
        var (from, where, prepared) = state.Parent(node) is { } parent
            ? state.UnderParent(node, table, state.Map(parent))
            : ($"{state.Source(table)} t JOIN {state.Temp(state.Map(node))} m ON {state.KeyJoin(table, node, "t", "m", "o")}", string.Empty, []);
        var count = await state.Sql.ScalarAsync($"SELECT count(*) FROM {from}{where}", prepared: prepared).ConfigureAwait(false);
        return Convert.ToInt64(count, CultureInfo.InvariantCulture);
    }

    /// <summary>Points foreign keys that were inserted as NULL to break a cycle at the copies, now that every copy exists.</summary>
    public async Task FixCycleBreakAsync(NodeTables node, GraphRelationship relationship)
    {
        var principal = state.Find(relationship.Principal)!;
        foreach (var table in node.TablesWith(relationship.ForeignKey.Concat(node.Key)))
        {
            var sets = relationship.ForeignKey.Select((p, i) => $"{Dialect.Quote(table.ColumnOf(p))} = p.n{SetModeState.IndexIn(principal.Key, relationship.PrincipalKey[i])}");
            var sql = $"UPDATE {Dialect.Table(table.Table)} AS t SET {string.Join(", ", sets)} "
                      + $"FROM {state.Temp(state.Map(node))} m JOIN {state.Source(table)} o ON {state.KeyJoin(table, node, "o", "m", "o")} "
                      + $"JOIN {state.Temp(state.Map(principal))} p ON {state.ForeignKeyJoin(table, relationship, principal, "o", "p")} AND p.c = m.c "
                      + $"WHERE {state.KeyJoin(table, node, "t", "m", "n")}";
            await state.Sql.ExecuteAsync(sql).ConfigureAwait(false);
        }
    }

    /// <param name="node">The node.</param>
    /// <param name="rootsOnly">Only the roots the caller's query selected (not other rows of the root's type, such as a tree's).</param>
    public async Task<List<KeyMapping>> MappingsAsync(NodeTables node, bool rootsOnly = false)
    {
        var count = node.Key.Count;
        var roots = rootsOnly && state.HasRootKeys ? $" JOIN {state.Temp(state.RootKeys)} r ON {SetModeState.KeyList(node, "r.o", "m.o")}" : string.Empty;
        var rows = await state.Sql.QueryAsync($"SELECT {SetModeState.KeyList(node, "m.o")}, m.c, {SetModeState.KeyList(node, "m.n")} FROM {state.Temp(state.Map(node))} m{roots} ORDER BY m.c, {SetModeState.KeyList(node, "m.o")}").ConfigureAwait(false);

        // Databases hand keys back in their own types (SQLite: 64-bit integers); the mapping speaks the key's CLR types.
        object?[] Typed(object?[] values) => values.Select((v, i) => Internal.ValueConversion.ToClr(v, node.Key[i].ClrType)).ToArray();
        return rows.Select(r => new KeyMapping(
            node.Node.Entity.DisplayName,
            Typed(r[..count]),
            Typed(r[(count + 1)..]),
            Convert.ToInt32(r[count], CultureInfo.InvariantCulture))).ToList();
    }
}
