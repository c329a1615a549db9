using System.Data;
using System.Data.Common;
using System.Diagnostics;
using EFCore.Cloning.Planning;
using EFCore.Cloning.Schema;

namespace EFCore.Cloning.Sql;

/// <summary>
/// One set-mode clone. Per plan node, in temporary tables: the original keys to copy (a fixpoint over the plan's edges),
/// then a key map from each original and copy number to a new key, made before anything is inserted; then one
/// <c>INSERT ... SELECT</c> per table that joins the maps to rewrite the key and every foreign key into the copy.
/// </summary>
internal sealed class SetModeOperation
{
    private const string Copies = "@copies";

    private readonly SetModeRequest _request;
    private readonly ISqlDialect _dialect;
    private readonly ClonePlan _plan;
    private readonly SqlCommandRunner _sql;
    private readonly CancellationToken _cancellationToken;
    private readonly string _id = Guid.NewGuid().ToString("N")[..10];
    private readonly List<NodeTables> _nodes;
    private readonly Dictionary<PlanNode, NodeTables> _byNode;
    private readonly List<string> _temps = [];
    private readonly Dictionary<(PlanNode Node, PlanUnique Unique), string> _uniqueTables = [];
    private readonly HashSet<(PlanNode Node, GraphRelationship Relationship)> _deferred = [];
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly Dictionary<NodeTables, long> _mapRows = [];

    // Nodes whose new keys are made while their rows are selected (one pass instead of two), with their sequences.
    private readonly Dictionary<NodeTables, GraphSequence?> _direct = [];

    private readonly IReadOnlyDictionary<GraphTable, string>? _staging;

    /// <param name="request">What to copy, where.</param>
    /// <param name="cancellationToken">Cancels the operation; everything is rolled back.</param>
    /// <param name="staging">
    /// For a copy from another database: per table, a temporary table on this connection holding exactly the original
    /// rows to copy (streamed in from the source). The originals are read from there instead of from the table itself.
    /// </param>
    public SetModeOperation(SetModeRequest request, CancellationToken cancellationToken, IReadOnlyDictionary<GraphTable, string>? staging = null)
    {
        _staging = staging;
        _request = request;
        _plan = request.Plan;
        _dialect = SqlDialects.For(request.ProviderName, request.SqlGenerationHelper);
        _sql = new SqlCommandRunner(request.Connection, request.CommandTimeout, cancellationToken);
        _cancellationToken = cancellationToken;
        _nodes = _plan.Nodes.Where(n => !n.IsEmbedded).Select(n => new NodeTables(n)).Where(n => n.Tables.Count > 0).ToList();
        _byNode = _nodes.ToDictionary(n => n.Node);
    }

    public async Task<CloneResult> ExecuteAsync()
    {
        var stopwatch = Stopwatch.StartNew();
        Validate();
        var locks = _nodes.SelectMany(n => n.Node.Uniques.Select(u => LockName(n, u))).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var connection = _request.Connection;
        var opened = connection.State != ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(_cancellationToken).ConfigureAwait(false);
        }

        DbTransaction? own = null;
        try
        {
            if (_request.Transaction is { } callers)
            {
                _sql.Transaction = callers;
                await _dialect.LockInTransactionAsync(connection, callers, locks, _cancellationToken).ConfigureAwait(false);
            }
            else
            {
                own = await _dialect.BeginAsync(connection, locks, _cancellationToken).ConfigureAwait(false);
                _sql.Transaction = own;
            }

            var result = await CopyAsync(stopwatch).ConfigureAwait(false);
            if (own is not null)
            {
                await own.CommitAsync(_cancellationToken).ConfigureAwait(false);
            }

            return result;
        }
        catch
        {
            if (own is not null)
            {
                await RollbackQuietlyAsync(own).ConfigureAwait(false);
            }
            else
            {
                await DropTempsQuietlyAsync().ConfigureAwait(false);
            }

            throw;
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync().ConfigureAwait(false);
                await ReleaseQuietlyAsync(locks).ConfigureAwait(false);
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
    public async Task<IReadOnlyDictionary<PlanNode, long>> PreviewAsync()
    {
        Validate();
        var connection = _request.Connection;
        var opened = connection.State != ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(_cancellationToken).ConfigureAwait(false);
        }

        var transaction = _request.Transaction ?? await _dialect.BeginAsync(connection, [], _cancellationToken).ConfigureAwait(false);
        _sql.Transaction = transaction;
        try
        {
            foreach (var node in _nodes)
            {
                await CreateTempAsync(Selection(node), KeyColumns(node, "o") + $", PRIMARY KEY ({KeyList(node, "o")})").ConfigureAwait(false);
            }

            await SelectAsync().ConfigureAwait(false);
            var counts = new Dictionary<PlanNode, long>();
            foreach (var node in _nodes)
            {
                counts[node.Node] = Convert.ToInt64(await _sql.ScalarAsync($"SELECT count(*) FROM {Temp(Selection(node))}").ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
            }

            await DropTempsAsync().ConfigureAwait(false);
            return counts;
        }
        finally
        {
            if (_request.Transaction is null)
            {
                await RollbackQuietlyAsync(transaction).ConfigureAwait(false);
                await transaction.DisposeAsync().ConfigureAwait(false);
            }

            if (opened)
            {
                await connection.CloseAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// For a copy into another database: selects the original rows as a clone would, inside the caller's open
    /// transaction, and returns per table a query that reads those rows (every insertable column, in table order).
    /// </summary>
    public async Task<IReadOnlyList<(GraphTable Table, IReadOnlyList<GraphColumn> Columns, string Sql)>> SelectForTransferAsync()
    {
        Validate();
        _sql.Transaction = _request.Transaction ?? throw new InvalidOperationException("The source's transaction must be open.");
        foreach (var node in _nodes)
        {
            await CreateTempAsync(Selection(node), KeyColumns(node, "o") + $", PRIMARY KEY ({KeyList(node, "o")})").ConfigureAwait(false);
        }

        await SelectAsync().ConfigureAwait(false);
        var queries = new List<(GraphTable, IReadOnlyList<GraphColumn>, string)>();
        foreach (var node in InsertOrder())
        {
            foreach (var table in node.Tables)
            {
                var columns = table.Table.Columns.Where(c => !c.IsReadOnly).ToList();
                var list = string.Join(", ", columns.Select(c => $"t.{_dialect.Quote(c.Name)}"));
                queries.Add((table.Table, columns, $"SELECT {list} FROM {_dialect.Table(table.Table)} t JOIN {Temp(Selection(node))} s ON {KeyJoin(table, node, "t", "s", "o")}"));
            }
        }

        return queries;
    }

    private void Validate()
    {
        foreach (var node in _plan.Nodes)
        {
            foreach (var entity in node.Entity.SelfAndDerived())
            {
                if (entity.SelfAndBases().Any(e => e.HasCloneHooks))
                {
                    // Hooks work on entities, which set mode never makes: running the copy without them would be silently wrong.
                    throw new CloneException(
                        $"'{entity.DisplayName}' has clone hooks (OnCloning/OnCloned) in the model, and set mode copies inside the database without entities to run them on. "
                        + "Use object mode (CloneAsync / CloneAndSaveAsync), or give set mode the hook's effect as Set(...) constants on a type without hooks.");
                }

                if (entity.NotCopyableInSetModeReason is { } reason)
                {
                    throw new CloneException(
                        $"Set mode cannot copy '{entity.DisplayName}': {reason}, which cannot take inserts. Use object mode (CloneAsync / CloneAndSaveAsync), or Skip the navigation that reaches it.");
                }
            }

            foreach (var (property, value) in node.Values)
            {
                if (value.Kind == PlanValueKind.Computed)
                {
                    throw new CloneException(
                        $"'{property}' gets a value computed from the original (Set with a function), which set mode cannot run inside the database. "
                        + "Give a constant with Set(e => e.Property, value), or use object mode (CloneAsync / CloneAndSaveAsync).");
                }
            }
        }

        if (!_byNode.ContainsKey(_plan.Root))
        {
            throw new CloneException($"Set mode cannot copy '{_plan.Root.Entity.DisplayName}': it is not stored in a table of its own.");
        }
    }

    private async Task<CloneResult> CopyAsync(Stopwatch stopwatch)
    {
        foreach (var statement in _dialect.Prologue)
        {
            await _sql.ExecuteAsync(statement).ConfigureAwait(false);
        }

        if (_dialect is SqliteDialect sqlite)
        {
            sqlite.HasSequenceTable = await _sql.ScalarAsync("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_sequence'").ConfigureAwait(false) is long and > 0;
        }

        foreach (var node in _nodes)
        {
            if (_staging is null && await DirectSequenceAsync(node) is { } direct)
            {
                _direct[node] = direct.Sequence;
                await CreateTempAsync(Map(node), MapColumns(node)).ConfigureAwait(false);
            }
            else
            {
                await CreateTempAsync(Selection(node), KeyColumns(node, "o") + $", PRIMARY KEY ({KeyList(node, "o")})").ConfigureAwait(false);
            }
        }

        if (_staging is null)
        {
            await SelectAsync().ConfigureAwait(false);
        }
        else
        {
            foreach (var node in _nodes)
            {
                var keyTable = node.KeyTable;
                await _sql.ExecuteAsync(_dialect.InsertIgnore(Temp(Selection(node)), KeyList(node, "o"), $"SELECT {Columns(keyTable, node.Key, "t")} FROM {Source(keyTable)} t")).ConfigureAwait(false);
                await AnalyzeAsync(Selection(node)).ConfigureAwait(false);
            }
        }

        foreach (var node in KeyOrder())
        {
            await AllocateAsync(node).ConfigureAwait(false);
        }

        foreach (var node in _nodes)
        {
            foreach (var unique in node.Node.Uniques)
            {
                await MakeUniqueAsync(node, unique).ConfigureAwait(false);
            }
        }

        var order = InsertOrder();
        var total = 0L;
        if (_plan.Progress is not null)
        {
            // Totals only for progress: a main table gets one row per map row; other tables are counted.
            foreach (var node in order)
            {
                foreach (var table in node.Tables)
                {
                    total += table.Role == TableRole.Main && _mapRows.TryGetValue(node, out var rows) ? rows : await CountAsync(node, table).ConfigureAwait(false);
                }
            }
        }

        var done = 0L;
        foreach (var node in order)
        {
            foreach (var table in node.Tables)
            {
                var rows = await InsertAsync(node, table).ConfigureAwait(false);
                var name = table.Table.ToString();
                _counts[name] = _counts.GetValueOrDefault(name) + rows;
                done += rows;
                _plan.Progress?.Report(new CloneProgress(name, rows, done, Math.Max(total, done)));
            }
        }

        foreach (var (node, relationship) in _deferred)
        {
            await FixDeferredAsync(_byNode[node], relationship).ConfigureAwait(false);
        }

        var roots = await MappingsAsync(_byNode[_plan.Root]).ConfigureAwait(false);
        List<KeyMapping>? rowsMap = null;
        if (_plan.MapAllRows)
        {
            rowsMap = [];
            foreach (var node in _nodes)
            {
                rowsMap.AddRange(await MappingsAsync(node).ConfigureAwait(false));
            }
        }

        await DropTempsAsync().ConfigureAwait(false);
        return new CloneResult(_counts, roots, rowsMap, stopwatch.Elapsed);
    }

    // ---- selection: which original rows are copied ----

    private async Task SelectAsync()
    {
        var root = _byNode[_plan.Root];
        var select = _request.Roots.Sql;
        var names = await _sql.ColumnNamesAsync(select, _request.Roots.Parameters).ConfigureAwait(false);

        // EF may return more columns than projected (a TPC union is lifted whole); the key comes first.
        select = $"SELECT {string.Join(", ", names.Take(root.Key.Count).Select((n, i) => $"q.{_dialect.Quote(n)} AS o{i}"))} FROM ({select}) AS q";
        await _sql.ExecuteAsync(InsertSelected(root, select, null), prepared: _request.Roots.Parameters).ConfigureAwait(false);

        var edges = _plan.Edges.Where(e => _byNode.ContainsKey(e.From) && _byNode.ContainsKey(e.To)).ToList();
        var dirty = new HashSet<PlanNode> { _plan.Root };
        while (dirty.Count > 0)
        {
            var next = new HashSet<PlanNode>();
            foreach (var edge in edges.Where(e => dirty.Contains(e.From)))
            {
                var recursive = edge.From == edge.To;
                foreach (var statement in SelectStatements(edge))
                {
                    foreach (var setting in recursive ? _dialect.BeforeRecursion : [])
                    {
                        await _sql.ExecuteAsync(setting).ConfigureAwait(false);
                    }

                    if (await _sql.ExecuteAsync(statement).ConfigureAwait(false) > 0)
                    {
                        next.Add(edge.To);
                    }

                    foreach (var setting in recursive ? _dialect.AfterRecursion : [])
                    {
                        await _sql.ExecuteAsync(setting).ConfigureAwait(false);
                    }
                }
            }

            dirty = next;
        }

        foreach (var node in _nodes)
        {
            await AnalyzeAsync(Selection(node)).ConfigureAwait(false);
        }
    }

    private IEnumerable<string> SelectStatements(PlanEdge edge)
    {
        var relationship = edge.Relationship;
        var from = _byNode[edge.From];
        var to = _byNode[edge.To];
        var dependent = edge.Direction == EdgeDirection.ToDependents ? to : from;
        var principal = edge.Direction == EdgeDirection.ToDependents ? from : to;
        var targetsKey = relationship.PrincipalKey.SequenceEqual(principal.Key);

        // A self-reference (a tree) is followed to any depth in one recursive statement.
        var recursive = edge.From == edge.To && targetsKey;

        foreach (var table in dependent.TablesWith(relationship.ForeignKey.Concat(dependent.Key)))
        {
            var t = _dialect.Table(table.Table);
            string source;
            if (edge.Direction == EdgeDirection.ToDependents)
            {
                // Dependent rows whose foreign key points at a selected principal.
                var selectedPrincipal = recursive ? "r" : Temp(Selection(principal));
                var join = targetsKey
                    ? $"JOIN {selectedPrincipal} p ON {ForeignKeyJoin(table, relationship, principal, "t", "p")}"
                    : AlternateKeyJoin(table, relationship, principal, selectedPrincipal);
                source = $"SELECT {Aliased(table, dependent.Key, "t")} FROM {t} t {join}";
            }
            else
            {
                // Principal rows that selected dependents point at.
                var selectedDependent = recursive ? "r" : Temp(Selection(dependent));
                var notNull = string.Join(" AND ", relationship.ForeignKey.Select(p => $"t.{_dialect.Quote(table.ColumnOf(p))} IS NOT NULL"));
                if (!targetsKey)
                {
                    var principalTable = principal.TablesWith(relationship.PrincipalKey.Concat(principal.Key)).First();
                    source = $"SELECT {Aliased(principalTable, principal.Key, "pt")} FROM {t} t JOIN {selectedDependent} d ON {KeyJoin(table, dependent, "t", "d", "o")} "
                             + $"JOIN {_dialect.Table(principalTable.Table)} pt ON {string.Join(" AND ", relationship.ForeignKey.Select((p, i) => $"pt.{_dialect.Quote(principalTable.ColumnOf(relationship.PrincipalKey[i]))} = t.{_dialect.Quote(table.ColumnOf(p))}"))}";
                }
                else
                {
                    var ordered = principal.Key.Select(k => relationship.ForeignKey[IndexIn(relationship.PrincipalKey, k)]);
                    source = $"SELECT {Aliased(table, ordered, "t")} FROM {t} t JOIN {selectedDependent} d ON {KeyJoin(table, dependent, "t", "d", "o")} WHERE {notNull}";
                }
            }

            var target = Temp(Selection(to));
            yield return recursive
                ? InsertSelected(to, $"SELECT {KeyList(to, "o")} FROM r", $"WITH RECURSIVE r({KeyList(to, "o")}) AS (SELECT {KeyList(to, "o")} FROM {target} UNION {source}) ")
                : InsertSelected(to, source, null);
        }
    }

    private string AlternateKeyJoin(NodeTable table, GraphRelationship relationship, NodeTables principal, string selectedPrincipal)
    {
        var principalTable = principal.TablesWith(relationship.PrincipalKey.Concat(principal.Key)).First();
        var onKey = string.Join(" AND ", relationship.ForeignKey.Select((p, i) =>
            $"pt.{_dialect.Quote(principalTable.ColumnOf(relationship.PrincipalKey[i]))} = t.{_dialect.Quote(table.ColumnOf(p))}"));
        return $"JOIN {_dialect.Table(principalTable.Table)} pt ON {onKey} JOIN {selectedPrincipal} p ON {KeyJoin(principalTable, principal, "pt", "p", "o")}";
    }

    // ---- key maps: a new key for every original and copy number ----

    private async Task AllocateAsync(NodeTables node)
    {
        if (_direct.ContainsKey(node))
        {
            return;
        }

        var map = Map(node);
        await CreateTempAsync(map, MapColumns(node)).ConfigureAwait(false);
        var key = node.Node.Entity.PrimaryKey;
        var copies = new[] { KeyValuePair.Create<string, object?>(Copies, _plan.Copies) };
        var keyRules = key.Properties.Select(p => node.Node.Values.GetValueOrDefault(p)).ToList();
        if (key.IsGenerated && key.Properties.Count == 1 && keyRules[0] is null)
        {
            var selection = $"(SELECT s.o0 AS o0, c.c AS c FROM {Temp(Selection(node))} s CROSS JOIN {_dialect.CopyNumbers(Copies)})";
            var keyTable = node.KeyTable;
            var keyColumn = keyTable.Column(key.Properties[0]);
            var sequence = key.Sequence;
            if (sequence is null && _dialect.SequenceOf(keyTable.Table, keyColumn) is { } lookup)
            {
                // Resolved once, so that the allocation does not look the sequence up for every row.
                sequence = await _sql.ScalarAsync(lookup.Sql, lookup.Parameters).ConfigureAwait(false) is string name ? new GraphSequence(null, name) : null;
            }

            var sql = _dialect.AllocateKeys(map, selection, keyTable.Table, keyColumn, key.Generation, sequence);
            _mapRows[node] = await _sql.ExecuteAsync(sql, copies).ConfigureAwait(false);
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
                var column = $"t.{_dialect.Quote(table.ColumnOf(property))}";
                if (keyRules[i] is { Kind: PlanValueKind.Constant } constant)
                {
                    expressions.Add(Parameter(parameters, constant.Constant));
                }
                else if (RemappedForeignKey(node, table, property) is { } remap)
                {
                    var alias = $"p{joins.Count}";
                    joins.Add($"LEFT JOIN {Temp(Map(remap.Principal))} {alias} ON {ForeignKeyJoin(table, remap.Relationship, remap.Principal, "t", alias)} AND {alias}.c = c.c");
                    expressions.Add($"COALESCE({alias}.n{IndexIn(remap.Principal.Key, remap.Relationship.PrincipalKey[IndexIn(remap.Relationship.ForeignKey, property)])}, {column})");
                }
                else
                {
                    expressions.Add(column);
                }
            }

            var sql = $"INSERT INTO {Temp(map)} ({KeyList(node, "o")}, c, {KeyList(node, "n")}) "
                      + $"SELECT {KeyList(node, "s.o")}, c.c, {string.Join(", ", expressions)} "
                      + $"FROM {Temp(Selection(node))} s CROSS JOIN {_dialect.CopyNumbers(Copies)} "
                      + $"JOIN {Source(table)} t ON {KeyJoin(table, node, "t", "s", "o")} {string.Join(" ", joins)}";
            _mapRows[node] = await _sql.ExecuteAsync(sql, parameters).ConfigureAwait(false);
        }

        await AnalyzeAsync(map).ConfigureAwait(false);
    }

    private (GraphRelationship Relationship, NodeTables Principal)? RemappedForeignKey(NodeTables node, NodeTable table, GraphProperty property)
    {
        foreach (var relationship in node.Node.Entity.SelfAndDerived().SelectMany(e => e.DependentOf))
        {
            if (relationship.ForeignKey.Contains(property)
                && relationship.ForeignKey.All(table.Columns.ContainsKey)
                && _plan.Find(relationship.Principal) is { } principalNode
                && principalNode != node.Node
                && _byNode.TryGetValue(principalNode, out var principal)
                && relationship.PrincipalKey.SequenceEqual(principal.Key)
                && !node.Node.Nulled.Contains(relationship))
            {
                return (relationship, principal);
            }
        }

        return null;
    }

    /// <summary>Nodes whose keys are made from other nodes' keys come after those nodes.</summary>
    private List<NodeTables> KeyOrder()
        => TopologicalOrder(node => node.Node.Entity.SelfAndDerived().SelectMany(e => e.DependentOf)
            .Where(r => r.ForeignKey.Any(p => p.IsKey))
            .Select(r => _plan.Find(r.Principal))
            .Where(p => p is not null && p != node.Node && _byNode.ContainsKey(p))
            .Select(p => _byNode[p!]), onCycle: null);

    // ---- unique values ----

    private async Task MakeUniqueAsync(NodeTables node, PlanUnique unique)
    {
        var table = node.TablesWith([unique.Property, .. node.Key]).First();
        var column = table.Column(unique.Property);
        var quoted = $"t.{_dialect.Quote(column.Name)}";
        var parameters = new List<KeyValuePair<string, object?>> { KeyValuePair.Create<string, object?>(Copies, _plan.Copies) };
        var rows = await _sql.QueryAsync(
            $"SELECT {KeyList(node, "s.o")}, c.c, {quoted} FROM {Temp(Selection(node))} s CROSS JOIN {_dialect.CopyNumbers(Copies)} "
            + $"JOIN {Source(table)} t ON {KeyJoin(table, node, "t", "s", "o")} WHERE {quoted} IS NOT NULL ORDER BY c.c, {KeyList(node, "s.o")}",
            parameters).ConfigureAwait(false);
        if (rows.Count == 0)
        {
            return;
        }

        var maxLength = column.MaxLength ?? unique.Property.MaxLength;
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var prefix in rows.Select(r => unique.Suffix.CommonPrefix((string)r[^1]!, maxLength)).Distinct(StringComparer.Ordinal))
        {
            var existing = await _sql.QueryAsync(
                $"SELECT {quoted} FROM {_dialect.Table(table.Table)} t WHERE {_dialect.Left(quoted, "@length")} = @prefix",
                [KeyValuePair.Create<string, object?>("@length", prefix.Length), KeyValuePair.Create<string, object?>("@prefix", prefix)]).ConfigureAwait(false);
            taken.UnionWith(existing.Select(r => (string)r[0]!));
        }

        var name = $"efc_{_id}_u{_nodes.IndexOf(node)}_{node.Node.Uniques.IndexOf(unique)}";
        await CreateTempAsync(name, $"{KeyColumns(node, "o")}, c integer NOT NULL, v {column.StoreType}, PRIMARY KEY ({KeyList(node, "o")}, c)").ConfigureAwait(false);
        _uniqueTables[(node.Node, unique)] = name;
        var width = node.Key.Count + 2;
        foreach (var chunk in rows.Chunk(Math.Max(1, 900 / width)))
        {
            var values = new List<KeyValuePair<string, object?>>();
            var tuples = chunk.Select(row =>
            {
                var items = row[..^1].Select(v => Parameter(values, v)).Append(Parameter(values, unique.Suffix.Next((string)row[^1]!, maxLength, taken, keepIfFree: _staging is not null)));
                return "(" + string.Join(", ", items) + ")";
            }).ToList();
            await _sql.ExecuteAsync($"INSERT INTO {Temp(name)} ({KeyList(node, "o")}, c, v) VALUES {string.Join(", ", tuples)}", values).ConfigureAwait(false);
        }
    }

    // ---- inserts ----

    /// <summary>Principals before dependents; on a cycle, the edge that closes it is deferred when its columns are nullable.</summary>
    private List<NodeTables> InsertOrder()
        => TopologicalOrder(
            node => Dependencies(node).Select(d => d.Principal),
            onCycle: (node, principal) =>
            {
                foreach (var (relationship, p) in Dependencies(node).Where(d => d.Principal == principal))
                {
                    if (!_dialect.DefersForeignKeys && relationship.ForeignKey.All(f => f.IsNullable))
                    {
                        _deferred.Add((node.Node, relationship));
                    }
                }
            });

    private IEnumerable<(GraphRelationship Relationship, NodeTables Principal)> Dependencies(NodeTables node)
        => node.Node.Entity.SelfAndDerived().SelectMany(e => e.DependentOf)
            .Select(r => (r, p: _plan.Find(r.Principal)))
            .Where(x => x.p is not null && x.p != node.Node && _byNode.ContainsKey(x.p))
            .Select(x => (x.r, _byNode[x.p!]));

    private List<NodeTables> TopologicalOrder(Func<NodeTables, IEnumerable<NodeTables>> dependencies, Action<NodeTables, NodeTables>? onCycle)
    {
        var ordered = new List<NodeTables>();
        var state = new Dictionary<NodeTables, bool>();
        void Visit(NodeTables node)
        {
            if (state.TryGetValue(node, out var finished))
            {
                return;
            }

            state[node] = false;
            foreach (var dependency in dependencies(node))
            {
                if (state.TryGetValue(dependency, out var done) && !done)
                {
                    onCycle?.Invoke(node, dependency);
                    continue;
                }

                Visit(dependency);
            }

            state[node] = true;
            ordered.Add(node);
        }

        foreach (var node in _nodes)
        {
            Visit(node);
        }

        return ordered;
    }

    private async Task<long> CountAsync(NodeTables node, NodeTable table)
    {
        var count = await _sql.ScalarAsync(
            $"SELECT count(*) FROM {Source(table)} t JOIN {Temp(Map(node))} m ON {KeyJoin(table, node, "t", "m", "o")}").ConfigureAwait(false);
        return Convert.ToInt64(count, System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<long> InsertAsync(NodeTables node, NodeTable table)
    {
        var parameters = new List<KeyValuePair<string, object?>>();
        var joins = new List<string>();
        var references = ForeignKeyColumns(node, table, joins);
        var uniques = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var unique in node.Node.Uniques)
        {
            if (_uniqueTables.TryGetValue((node.Node, unique), out var name) && table.Columns.TryGetValue(unique.Property, out var uniqueColumn))
            {
                var alias = $"u{joins.Count}";
                joins.Add($"LEFT JOIN {Temp(name)} {alias} ON {KeyList(node, $"{alias}.o", $"m.o")} AND {alias}.c = m.c");
                uniques[uniqueColumn] = $"COALESCE({alias}.v, t.{_dialect.Quote(uniqueColumn)})";
            }
        }

        var byColumn = table.Columns.GroupBy(c => c.Value, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Key, StringComparer.Ordinal);
        var columns = new List<string>();
        var expressions = new List<string>();
        var overriding = false;
        foreach (var column in table.Table.Columns.Where(c => !c.IsReadOnly))
        {
            var property = byColumn.GetValueOrDefault(column.Name);
            var quoted = _dialect.Quote(column.Name);
            string expression;
            if (property is not null && node.Key.Contains(property))
            {
                expression = $"m.n{IndexIn(node.Key, property)}";
            }
            else if (property is not null && node.Node.Values.TryGetValue(property, out var value))
            {
                if (value.Kind == PlanValueKind.Reset)
                {
                    if (column.DefaultValueSql is not null || column.IsNullable || column.Generation != ValueGeneration.None)
                    {
                        // Left out, so that the database gives the copy the column's default.
                        continue;
                    }

                    expression = Parameter(parameters, property.ClrType is { IsValueType: true } type ? Activator.CreateInstance(type) : null);
                }
                else
                {
                    expression = Parameter(parameters, value.Constant);
                }
            }
            else if (references.TryGetValue(column.Name, out var reference))
            {
                expression = reference;
            }
            else if (uniques.TryGetValue(column.Name, out var unique))
            {
                expression = unique;
            }
            else
            {
                expression = $"t.{quoted}";
            }

            columns.Add(quoted);
            expressions.Add(expression);
            overriding |= column.Generation == ValueGeneration.IdentityAlways;
        }

        var sql = $"INSERT INTO {_dialect.Table(table.Table)} ({string.Join(", ", columns)}) "
                  + (overriding && _dialect.OverridingSystemValue is { } clause ? clause + " " : string.Empty)
                  + $"SELECT {string.Join(", ", expressions)} FROM {Source(table)} t "
                  + $"JOIN {Temp(Map(node))} m ON {KeyJoin(table, node, "t", "m", "o")} {string.Join(" ", joins)}";
        return await _sql.ExecuteAsync(sql, parameters).ConfigureAwait(false);
    }

    /// <summary>The expression of every foreign-key column of <paramref name="table"/>: the copy's key where the principal is copied, else the original value.</summary>
    private Dictionary<string, string> ForeignKeyColumns(NodeTables node, NodeTable table, List<string> joins)
    {
        var expressions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var relationship in node.Node.Entity.SelfAndDerived().SelectMany(e => e.DependentOf))
        {
            // Foreign keys that are the row's key (TPT links, owned types sharing their owner's key) take the key's expression.
            if (!relationship.ForeignKey.All(table.Columns.ContainsKey) || relationship.ForeignKey.All(node.Key.Contains))
            {
                continue;
            }

            var columns = relationship.ForeignKey.Select(table.ColumnOf).ToList();
            if (node.Node.Nulled.Contains(relationship) || _deferred.Contains((node.Node, relationship)))
            {
                foreach (var column in columns.Where(c => !expressions.ContainsKey(c) && !node.Key.Any(k => table.ColumnOf(k) == c)))
                {
                    expressions[column] = "NULL";
                }

                continue;
            }

            if (_plan.Find(relationship.Principal) is not { } principalNode
                || !_byNode.TryGetValue(principalNode, out var principal)
                || !relationship.PrincipalKey.SequenceEqual(principal.Key))
            {
                continue;
            }

            var alias = $"p{joins.Count}";
            joins.Add($"LEFT JOIN {Temp(Map(principal))} {alias} ON {ForeignKeyJoin(table, relationship, principal, "t", alias)} AND {alias}.c = m.c");
            for (var i = 0; i < columns.Count; i++)
            {
                var n = IndexIn(principal.Key, relationship.PrincipalKey[i]);
                expressions.TryAdd(columns[i], $"COALESCE({alias}.n{n}, t.{_dialect.Quote(columns[i])})");
            }
        }

        return expressions;
    }

    /// <summary>Points foreign keys that were inserted as NULL to break a cycle at the copies, now that every copy exists.</summary>
    private async Task FixDeferredAsync(NodeTables node, GraphRelationship relationship)
    {
        var principal = _byNode[_plan.Find(relationship.Principal)!];
        foreach (var table in node.TablesWith(relationship.ForeignKey.Concat(node.Key)))
        {
            var sets = relationship.ForeignKey.Select((p, i) => $"{_dialect.Quote(table.ColumnOf(p))} = p.n{IndexIn(principal.Key, relationship.PrincipalKey[i])}");
            var target = _dialect.Table(table.Table);
            var sql = $"UPDATE {target} AS t SET {string.Join(", ", sets)} "
                      + $"FROM {Temp(Map(node))} m JOIN {Source(table)} o ON {KeyJoin(table, node, "o", "m", "o")} "
                      + $"JOIN {Temp(Map(principal))} p ON {ForeignKeyJoin(table, relationship, principal, "o", "p")} AND p.c = m.c "
                      + $"WHERE {KeyJoin(table, node, "t", "m", "n")}";
            await _sql.ExecuteAsync(sql).ConfigureAwait(false);
        }
    }

    private async Task<List<KeyMapping>> MappingsAsync(NodeTables node)
    {
        var count = node.Key.Count;
        var rows = await _sql.QueryAsync($"SELECT {KeyList(node, "o")}, c, {KeyList(node, "n")} FROM {Temp(Map(node))} ORDER BY c, {KeyList(node, "o")}").ConfigureAwait(false);
        // Databases hand keys back in their own types (SQLite: 64-bit integers); the mapping speaks the key's CLR types.
        object?[] Typed(object?[] values) => values.Select((v, i) => KeyValue(v, node.Key[i].ClrType)).ToArray();
        return rows.Select(r => new KeyMapping(
            node.Node.Entity.DisplayName,
            Typed(r[..count]),
            Typed(r[(count + 1)..]),
            Convert.ToInt32(r[count], System.Globalization.CultureInfo.InvariantCulture))).ToList();
    }

    // ---- temporary tables and SQL fragments ----

    private string Selection(NodeTables node) => _direct.ContainsKey(node) ? Map(node) : $"efc_{_id}_s{_nodes.IndexOf(node)}";

    private string MapColumns(NodeTables node)
        => $"{KeyColumns(node, "o")}, c integer NOT NULL, {KeyColumns(node, "n")}, PRIMARY KEY ({KeyList(node, "o")}, c)";

    /// <summary>
    /// Adds the original keys <paramref name="source"/> selects (columns <c>o0..</c>) to the node's selection, skipping
    /// those already there. For a direct node the new key is made in the same statement.
    /// </summary>
    private string InsertSelected(NodeTables node, string source, string? with)
    {
        if (!_direct.TryGetValue(node, out var sequence))
        {
            return with + _dialect.InsertIgnore(Temp(Selection(node)), KeyList(node, "o"), source);
        }

        var keyTable = node.KeyTable;
        var key = node.Node.Entity.PrimaryKey;
        return with + _dialect.AllocateWhileSelecting(Map(node), source, keyTable.Table, keyTable.Column(key.Properties[0]), key.Generation, sequence);
    }

    /// <summary>Whether the node's keys can be made while selecting (one copy, one generated key column, no value given for it), and its sequence.</summary>
    private async Task<(GraphSequence? Sequence, bool Ok)?> DirectSequenceAsync(NodeTables node)
    {
        var key = node.Node.Entity.PrimaryKey;
        if (_plan.Copies != 1 || !key.IsGenerated || key.Properties.Count != 1 || node.Node.Values.ContainsKey(key.Properties[0])
            || (_dialect is SqliteDialect && key.Generation is ValueGeneration.HiLo or ValueGeneration.StoreDefault))
        {
            return null;
        }

        var keyColumn = node.KeyTable.Column(key.Properties[0]);
        var sequence = key.Sequence;
        if (sequence is null && _dialect.SequenceOf(node.KeyTable.Table, keyColumn) is { } lookup)
        {
            sequence = await _sql.ScalarAsync(lookup.Sql, lookup.Parameters).ConfigureAwait(false) is string name ? new GraphSequence(null, name) : null;
        }

        return (sequence, true);
    }

    private string Aliased(NodeTable table, IEnumerable<GraphProperty> properties, string alias)
        => string.Join(", ", properties.Select((p, i) => $"{alias}.{_dialect.Quote(table.ColumnOf(p))} AS o{i}"));

    private string Map(NodeTables node) => $"efc_{_id}_m{_nodes.IndexOf(node)}";

    private string Temp(string name) => _dialect.Quote(name);

    /// <summary>Where the original rows of <paramref name="table"/> are read: the table itself, or its staging table.</summary>
    private string Source(NodeTable table)
        => _staging is not null && _staging.TryGetValue(table.Table, out var staged) ? Temp(staged) : _dialect.Table(table.Table);

    private async Task CreateTempAsync(string name, string columns)
    {
        await _sql.ExecuteAsync(_dialect.CreateTemp(name, columns)).ConfigureAwait(false);
        _temps.Add(name);
    }

    private async Task AnalyzeAsync(string name)
    {
        if (_dialect.Analyze(name) is { } analyze)
        {
            await _sql.ExecuteAsync(analyze).ConfigureAwait(false);
        }
    }

    private async Task DropTempsAsync()
    {
        foreach (var name in _temps)
        {
            await _sql.ExecuteAsync(_dialect.DropTemp(name)).ConfigureAwait(false);
        }

        _temps.Clear();
    }

    private async Task DropTempsQuietlyAsync()
    {
        try
        {
            // In the caller's transaction, which may still be usable; if it is aborted, its rollback removes them.
            var runner = new SqlCommandRunner(_request.Connection, _request.CommandTimeout, CancellationToken.None) { Transaction = _sql.Transaction };
            foreach (var name in _temps)
            {
                await runner.ExecuteAsync(_dialect.DropTemp(name)).ConfigureAwait(false);
            }
        }
        catch (DbException)
        {
        }
        catch (InvalidOperationException)
        {
        }
    }

    private static async Task RollbackQuietlyAsync(DbTransaction transaction)
    {
        try
        {
            await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (DbException)
        {
            // A broken connection has rolled back already.
        }
        catch (InvalidOperationException)
        {
        }
    }

    private async Task ReleaseQuietlyAsync(IReadOnlyList<string> locks)
    {
        try
        {
            await _dialect.ReleaseAsync(_request.Connection, locks).ConfigureAwait(false);
        }
        catch (DbException)
        {
            // A broken connection has released its session locks with it.
        }
        catch (InvalidOperationException)
        {
        }
    }

    private string KeyColumns(NodeTables node, string prefix)
        => string.Join(", ", node.Key.Select((p, i) => $"{prefix}{i} {node.KeyTable.Column(p).StoreType}"));

    private static string KeyList(NodeTables node, string prefix)
        => string.Join(", ", node.Key.Select((_, i) => $"{prefix}{i}"));

    private static string KeyList(NodeTables node, string left, string right)
        => string.Join(" AND ", node.Key.Select((_, i) => $"{left}{i} = {right}{i}"));

    /// <summary><c>alias.k = other.prefix{i}</c> for each key column of <paramref name="table"/>.</summary>
    private string KeyJoin(NodeTable table, NodeTables node, string alias, string other, string prefix)
        => string.Join(" AND ", node.Key.Select((p, i) => $"{alias}.{_dialect.Quote(table.ColumnOf(p))} = {other}.{prefix}{i}"));

    /// <summary><c>alias.fk = map.o{j}</c>: a dependent's foreign key against a principal node's original keys.</summary>
    private string ForeignKeyJoin(NodeTable table, GraphRelationship relationship, NodeTables principal, string alias, string map)
        => string.Join(" AND ", relationship.ForeignKey.Select((p, i) =>
            $"{alias}.{_dialect.Quote(table.ColumnOf(p))} = {map}.o{IndexIn(principal.Key, relationship.PrincipalKey[i])}"));

    private string Columns(NodeTable table, IEnumerable<GraphProperty> properties, string alias)
        => string.Join(", ", properties.Select(p => $"{alias}.{_dialect.Quote(table.ColumnOf(p))}"));

    private static object? KeyValue(object? value, Type? type)
    {
        var target = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        return value switch
        {
            null => null,
            _ when target is null || target.IsInstanceOfType(value) => value,
            string text when target == typeof(Guid) => Guid.Parse(text),
            IConvertible when target.IsPrimitive || target == typeof(decimal) || target == typeof(string) => Convert.ChangeType(value, target, System.Globalization.CultureInfo.InvariantCulture),
            _ => value,
        };
    }

    private static int IndexIn(IReadOnlyList<GraphProperty> properties, GraphProperty property)
    {
        for (var i = 0; i < properties.Count; i++)
        {
            if (properties[i] == property)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"'{property}' is not among {string.Join(", ", properties)}.");
    }

    private static string Parameter(List<KeyValuePair<string, object?>> parameters, object? value)
    {
        var name = $"@v{parameters.Count}";
        parameters.Add(KeyValuePair.Create(name, value));
        return name;
    }

    private static string LockName(NodeTables node, PlanUnique unique)
    {
        var table = node.TablesWith([unique.Property]).First();
        return UniqueValueLock.NameOf(table.Table.Schema, table.Table.Name, table.ColumnOf(unique.Property));
    }
}
