using System.Data;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using EFCore.Cloning.Planning;
using EFCore.Cloning.Schema;

namespace EFCore.Cloning.Sql;

/// <summary>
/// One set-mode clone, in one transaction (the caller's when open): select the original rows, make every copy's key in
/// key maps, make unique values, then insert table by table in the plan's order; every step reads the plan and decides
/// nothing of its own.
/// </summary>
internal sealed class SetModeOperation
{
    private readonly SetModeRequest _request;
    private readonly CancellationToken _cancellationToken;
    private readonly SetModeState _state;
    private readonly KeyAllocator _keys;
    private readonly RowSelector _selector;
    private readonly InsertStep _inserts;

    /// <param name="request">What to copy, where.</param>
    /// <param name="cancellationToken">Cancels the operation; everything is rolled back.</param>
    /// <param name="staging">
    /// For a copy from another database: per table, a temporary table on this connection holding exactly the original
    /// rows to copy (streamed in from the source). The originals are read from there instead of from the table itself.
    /// </param>
    public SetModeOperation(SetModeRequest request, CancellationToken cancellationToken, IReadOnlyDictionary<GraphTable, string>? staging = null)
    {
        _request = request;
        _cancellationToken = cancellationToken;
        var dialect = SqlDialects.For(request.ProviderName, request.SqlGenerationHelper);
        _state = new SetModeState(request, dialect, new SqlCommandRunner(request.Connection, request.CommandTimeout, cancellationToken) { Observer = request.CommandObserver }, staging);
        _keys = new KeyAllocator(_state);
        _selector = new RowSelector(_state, _keys);
        _inserts = new InsertStep(_state);
    }

    private ClonePlan Plan => _state.Plan;

    private ISqlDialect Dialect => _state.Dialect;

    public async Task<CloneResult> ExecuteAsync()
    {
        var stopwatch = Stopwatch.StartNew();
        SetModeValidator.Validate(_state);
        var locks = Plan.Nodes.SelectMany(n => n.Uniques).Select(u => u.LockName).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var connection = _request.Connection;
        var opened = connection.State != ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(_cancellationToken).ConfigureAwait(false);
        }

        DbTransaction? own = null;
        string? savepoint = null;
        try
        {
            if (_request.Transaction is { } callers)
            {
                // Inside the caller's transaction: a savepoint, so that a failure undoes the clone and leaves their work usable.
                _state.Sql.Transaction = callers;
                savepoint = $"efcore_cloning_{Guid.NewGuid():N}";
                await callers.SaveAsync(savepoint, _cancellationToken).ConfigureAwait(false);
                await Dialect.LockInTransactionAsync(connection, callers, locks, _cancellationToken).ConfigureAwait(false);
            }
            else
            {
                own = await Dialect.BeginAsync(connection, locks, _cancellationToken).ConfigureAwait(false);
                _state.Sql.Transaction = own;
            }

            var result = await CopyAsync(stopwatch).ConfigureAwait(false);
            if (own is not null)
            {
                await own.CommitAsync(_cancellationToken).ConfigureAwait(false);
            }
            else if (savepoint is not null)
            {
                await _request.Transaction!.ReleaseAsync(savepoint, _cancellationToken).ConfigureAwait(false);
            }

            return result;
        }
        catch
        {
            if (own is not null)
            {
                await Quietly.RollbackAsync(own).ConfigureAwait(false);
            }
            else if (savepoint is not null)
            {
                await Quietly.RollbackAsync(_request.Transaction!, savepoint).ConfigureAwait(false);
            }

            throw;
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync().ConfigureAwait(false);
                await Quietly.ReleaseAsync(Dialect, connection, locks).ConfigureAwait(false);
            }

            if (opened)
            {
                await connection.CloseAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Counts the original rows each node would copy (per copy), selecting them exactly as a clone would, inside a
    /// transaction that is rolled back: nothing is written.
    /// </summary>
    public Task<IReadOnlyDictionary<PlanNode, long>> PreviewAsync()
    {
        SetModeValidator.Validate(_state);
        return new SelectionPreview(_state, _selector, _cancellationToken).CountNodesAsync();
    }

    /// <summary>A dry run: the rows per table the clone would insert (all copies), selected as a clone would; nothing is written, no lock is kept.</summary>
    public Task<IReadOnlyDictionary<string, long>> DryRunAsync()
    {
        SetModeValidator.Validate(_state);
        return new SelectionPreview(_state, _selector, _cancellationToken).CountTablesAsync();
    }

    /// <summary>The dry run's counts, and the text of the inserts the clone would run after it (one per table, in insert order).</summary>
    public Task<(IReadOnlyDictionary<string, long> Tables, IReadOnlyList<string> Inserts)> PreviewStatementsAsync()
    {
        SetModeValidator.Validate(_state);
        return new SelectionPreview(_state, _selector, _cancellationToken).CountTablesWithInsertsAsync(_inserts);
    }

    /// <summary>
    /// For a copy into another database: selects the original rows as a clone would, inside the caller's open
    /// transaction, and returns per table a query that reads those rows (every insertable column, in table order).
    /// </summary>
    public async Task<IReadOnlyList<(GraphTable Table, IReadOnlyList<GraphColumn> Columns, string Sql, IReadOnlyList<DbParameter> Parameters)>> SelectForTransferAsync()
    {
        SetModeValidator.Validate(_state);
        _state.Sql.Transaction = _request.Transaction ?? throw new InvalidOperationException("The source's transaction must be open.");
        foreach (var node in _state.Nodes.Where(SetModeState.IsMapped))
        {
            await _state.CreateSelectionAsync(node).ConfigureAwait(false);
        }

        await _selector.SelectAsync().ConfigureAwait(false);
        var queries = new List<(GraphTable, IReadOnlyList<GraphColumn>, string, IReadOnlyList<DbParameter>)>();
        foreach (var node in Plan.InsertOrder.Select(n => _state.ByNode[n]))
        {
            foreach (var table in node.Tables)
            {
                var columns = table.Table.Columns.Where(c => !c.IsReadOnly).ToList();
                var list = string.Join(", ", columns.Select(c => $"t.{Dialect.Quote(c.Name)}"));
                var (from, where, parameters) = _state.Parent(node) is { } parent
                    ? _state.UnderParent(node, table, _state.Selection(parent))
                    : ($"{Dialect.Table(table.Table)} t JOIN {_state.Temp(_state.Selection(node))} s ON {_state.KeyJoin(table, node, "t", "s", "o")}", string.Empty, []);
                queries.Add((table.Table, columns, $"SELECT {list} FROM {from}{where}", parameters));
            }
        }

        return queries;
    }

    private async Task<CloneResult> CopyAsync(Stopwatch stopwatch)
    {
        foreach (var statement in Dialect.Prologue)
        {
            await _state.Sql.ExecuteAsync(statement).ConfigureAwait(false);
        }

        if (Dialect is SqliteDialect sqlite)
        {
            sqlite.HasSequenceTable = await _state.Sql.ScalarAsync("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_sequence'").ConfigureAwait(false) is long and > 0;
        }

        await ComputedValueQueries.ResolveColumnsAsync(_state).ConfigureAwait(false);
        await SelectAsync().ConfigureAwait(false);
        foreach (var node in Plan.KeyOrder.Select(n => _state.ByNode[n]))
        {
            await _keys.AllocateAsync(node).ConfigureAwait(false);
        }

        var uniques = new UniqueValueStep(_state);
        foreach (var node in _state.Nodes)
        {
            foreach (var unique in node.Node.Uniques)
            {
                await uniques.MakeUniqueAsync(node, unique).ConfigureAwait(false);
            }
        }

        var counts = await InsertAsync().ConfigureAwait(false);
        foreach (var (node, relationship) in Plan.CycleBreaks)
        {
            await _inserts.FixCycleBreakAsync(_state.ByNode[node], relationship).ConfigureAwait(false);
        }

        var roots = await _inserts.MappingsAsync(_state.ByNode[Plan.Root], rootsOnly: true).ConfigureAwait(false);
        List<KeyMapping>? rowsMap = Plan.MapAllRows ? [] : null;
        var hookRows = new List<KeyMapping>();
        foreach (var node in _state.Nodes.Where(n => Plan.MapAllRows || n.Node.MapsKeysForHooks))
        {
            var mappings = await _inserts.MappingsAsync(node).ConfigureAwait(false);
            rowsMap?.AddRange(mappings);
            if (node.Node.MapsKeysForHooks)
            {
                hookRows.AddRange(mappings);
            }
        }

        await _state.DropTempsAsync().ConfigureAwait(false);
        return new CloneResult(counts, roots, rowsMap, stopwatch.Elapsed) { HookRows = hookRows };
    }

    /// <summary>The selections (or, from staging tables, every staged row), with keys made on the way where possible.</summary>
    private async Task SelectAsync()
    {
        foreach (var node in _state.Nodes.Where(SetModeState.IsMapped))
        {
            if (_state.Staging is null && await _keys.DirectSequenceAsync(node).ConfigureAwait(false) is { } direct)
            {
                _state.Direct[node] = direct.Sequence;
                await _state.CreateMapAsync(node).ConfigureAwait(false);
            }
            else
            {
                await _state.CreateSelectionAsync(node).ConfigureAwait(false);
            }
        }

        if (_state.Staging is null)
        {
            await _selector.SelectAsync().ConfigureAwait(false);
            return;
        }

        foreach (var node in _state.Nodes.Where(SetModeState.IsMapped))
        {
            var keyTable = node.KeyTable;
            await _state.Sql.ExecuteAsync(Dialect.InsertIgnore(_state.Temp(_state.Selection(node)), SetModeState.KeyList(node, "o"), $"SELECT {_state.Columns(keyTable, node.Key, "t")} FROM {_state.Source(keyTable)} t")).ConfigureAwait(false);
            await _state.AnalyzeAsync(_state.Selection(node)).ConfigureAwait(false);
        }
    }

    private async Task<Dictionary<string, long>> InsertAsync()
    {
        var order = Plan.InsertOrder.Select(n => _state.ByNode[n]).ToList();
        var total = 0L;
        if (Plan.Progress is not null)
        {
            // Totals only for progress: a main table gets one row per map row; other tables are counted.
            foreach (var node in order)
            {
                foreach (var table in node.Tables)
                {
                    total += table.Role == TableRole.Main && _state.MapRows.TryGetValue(node, out var rows) ? rows : await _inserts.CountAsync(node, table).ConfigureAwait(false);
                }
            }
        }

        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var done = 0L;
        foreach (var node in order)
        {
            foreach (var table in node.Tables)
            {
                var rows = await _inserts.InsertAsync(node, table).ConfigureAwait(false);
                var name = table.Table.ToString();
                counts[name] = counts.GetValueOrDefault(name) + rows;
                done += rows;
                Plan.Progress?.Report(new CloneProgress(name, rows, done, Math.Max(total, done)));
            }
        }

        return counts;
    }
}
