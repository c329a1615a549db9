using System.Data;
using System.Globalization;
using EFCore.Cloning.Planning;

namespace EFCore.Cloning.Sql;

/// <summary>
/// Selects the original rows exactly as a clone would (key maps of the originals only, no keys made, no sequence
/// touched), inside a transaction that is rolled back, and counts them: the plan preview and the dry run.
/// </summary>
internal sealed class SelectionPreview(SetModeState state, RowSelector selector, CancellationToken cancellationToken)
{
    /// <summary>Rows per node, for one copy.</summary>
    public Task<IReadOnlyDictionary<PlanNode, long>> CountNodesAsync()
        => SelectedAsync<IReadOnlyDictionary<PlanNode, long>>(async () =>
        {
            var counts = new Dictionary<PlanNode, long>();
            foreach (var node in state.Nodes)
            {
                counts[node.Node] = state.Parent(node) is { } parent
                    ? await CountUnderParentAsync(node, node.Tables[0], parent).ConfigureAwait(false)
                    : await CountAsync($"SELECT count(*) FROM {state.Temp(state.Selection(node))}").ConfigureAwait(false);
            }

            return counts;
        });

    /// <summary>Rows per table over all copies, counted as the clone's result counts them (a TPT row once in each of its tables).</summary>
    public Task<IReadOnlyDictionary<string, long>> CountTablesAsync() => SelectedAsync(TableCountsAsync);

    private async Task<IReadOnlyDictionary<string, long>> TableCountsAsync()
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var node in state.Plan.InsertOrder.Select(n => state.ByNode[n]))
        {
            foreach (var table in node.Tables)
            {
                var rows = state.Parent(node) is { } parent
                    ? await CountUnderParentAsync(node, table, parent).ConfigureAwait(false)
                    : await CountAsync($"SELECT count(*) FROM {state.Source(table)} t JOIN {state.Temp(state.Selection(node))} s ON {state.KeyJoin(table, node, "t", "s", "o")}").ConfigureAwait(false);
                var name = table.Table.ToString();
                counts[name] = counts.GetValueOrDefault(name) + (rows * state.Plan.Copies);
            }
        }

        return counts;
    }

    /// <summary>
    /// The counts of <see cref="CountTablesAsync"/>, and each table's <c>INSERT ... SELECT</c> as the clone would send it
    /// (key maps and unique-value tables named as the clone names them; keys are not made, so nothing is taken from a sequence).
    /// </summary>
    public Task<(IReadOnlyDictionary<string, long> Tables, IReadOnlyList<string> Inserts)> CountTablesWithInsertsAsync(InsertStep inserts)
        => SelectedAsync(() => InsertsAsync(inserts));

    private async Task<(IReadOnlyDictionary<string, long> Tables, IReadOnlyList<string> Inserts)> InsertsAsync(InsertStep inserts)
    {
        var tables = await TableCountsAsync().ConfigureAwait(false);
        await ComputedValueQueries.ResolveColumnsAsync(state).ConfigureAwait(false);
        foreach (var node in state.Nodes)
        {
            foreach (var unique in node.Node.Uniques)
            {
                state.UniqueTables[(node.Node, unique)] = state.UniqueTable(node, unique);
            }
        }

        var statements = new List<string>();
        foreach (var node in state.Plan.InsertOrder.Select(n => state.ByNode[n]))
        {
            statements.AddRange(node.Tables.Select(table => inserts.Statement(node, table).Sql));
        }

        return (tables, statements);
    }

    private Task<long> CountUnderParentAsync(NodeTables node, NodeTable table, NodeTables parent)
    {
        var (from, where, parameters) = state.UnderParent(node, table, state.Selection(parent));
        return CountAsync($"SELECT count(*) FROM {from}{where}", parameters);
    }

    private async Task<long> CountAsync(string sql, IEnumerable<System.Data.Common.DbParameter>? prepared = null)
        => Convert.ToInt64(await state.Sql.ScalarAsync(sql, prepared: prepared).ConfigureAwait(false), CultureInfo.InvariantCulture);

    private async Task<T> SelectedAsync<T>(Func<Task<T>> count)
    {
        var request = state.Request;
        var connection = request.Connection;
        var opened = connection.State != ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        }

        var transaction = request.Transaction ?? await state.Dialect.BeginAsync(connection, [], cancellationToken).ConfigureAwait(false);
        state.Sql.Transaction = transaction;
        try
        {
            foreach (var node in state.Nodes.Where(SetModeState.IsMapped))
            {
                await state.CreateSelectionAsync(node).ConfigureAwait(false);
            }

            await selector.SelectAsync().ConfigureAwait(false);
            var counts = await count().ConfigureAwait(false);
            await state.DropTempsAsync().ConfigureAwait(false);
            return counts;
        }
        finally
        {
            if (request.Transaction is null)
            {
                await Quietly.RollbackAsync(transaction).ConfigureAwait(false);
                await transaction.DisposeAsync().ConfigureAwait(false);
            }

            if (opened)
            {
                await connection.CloseAsync().ConfigureAwait(false);
            }
        }
    }
}
