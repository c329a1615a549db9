using EFCore.Cloning.Planning;
using EFCore.Cloning.Schema;

namespace EFCore.Cloning.Sql;

/// <summary>
/// What the steps of one set-mode operation share: the plan's nodes with their tables, the dialect, the command runner,
/// and the temporary tables made so far (selections, key maps, unique values), with the SQL fragments that name them.
/// </summary>
internal sealed class SetModeState
{
    public const string Copies = "@copies";

    private readonly string _id = Guid.NewGuid().ToString("N")[..10];
    private readonly List<string> _temps = [];

    public SetModeState(SetModeRequest request, ISqlDialect dialect, SqlCommandRunner sql, IReadOnlyDictionary<GraphTable, string>? staging)
    {
        Request = request;
        Plan = request.Plan;
        Dialect = dialect;
        Sql = sql;
        Staging = staging;
        Nodes = Plan.Nodes.Where(n => !n.IsEmbedded).Select(n => new NodeTables(n, Plan)).Where(n => n.Tables.Count > 0).ToList();
        ByNode = Nodes.ToDictionary(n => n.Node);
    }

    public SetModeRequest Request { get; }

    public ClonePlan Plan { get; }

    public ISqlDialect Dialect { get; }

    public SqlCommandRunner Sql { get; }

    /// <summary>For a copy from another database: per table, the temporary table holding the original rows.</summary>
    public IReadOnlyDictionary<GraphTable, string>? Staging { get; }

    public IReadOnlyList<NodeTables> Nodes { get; }

    public IReadOnlyDictionary<PlanNode, NodeTables> ByNode { get; }

    /// <summary>Nodes whose new keys are made while their rows are selected (one pass instead of two), with their sequences.</summary>
    public Dictionary<NodeTables, GraphSequence?> Direct { get; } = [];

    /// <summary>For each node inserted from its parent's key map, the filter its rows pass (resolved while selecting); absent: every row.</summary>
    public Dictionary<NodeTables, RowFilter> ParentFilters { get; } = [];

    /// <summary>Rows in each node's key map.</summary>
    public Dictionary<NodeTables, long> MapRows { get; } = [];

    /// <summary>Per node and unique value, the temporary table of the values copies get.</summary>
    public Dictionary<(PlanNode Node, PlanUnique Unique), string> UniqueTables { get; } = [];

    public IReadOnlyList<string> Temps => _temps;

    /// <summary>The column names of each computed value's query (keys, then the value), read before the inserts.</summary>
    public Dictionary<PlanValue, IReadOnlyList<string>> ComputedColumns { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>The node whose key map a node's copies are inserted from (the plan's <see cref="PlanNode.InsertedAlong"/>), or null.</summary>
    public NodeTables? Parent(NodeTables node) => node.Node.InsertedAlong is { } edge ? ByNode[edge.From] : null;

    /// <summary>Whether the node has a selection and key map of its own (every node but those inserted from their parent's).</summary>
    public static bool IsMapped(NodeTables node) => node.Node.InsertedAlong is null;

    /// <summary>
    /// The original rows of a node inserted from its parent's map, under the parent rows of <paramref name="parentTable"/>
    /// (its selection or key map, aliased <c>m</c>): the <c>FROM</c> source, and the <c>WHERE</c> of the node's filter with its parameters.
    /// </summary>
    public (string From, string Where, IReadOnlyList<System.Data.Common.DbParameter> Parameters) UnderParent(NodeTables node, NodeTable table, string parentTable)
    {
        var edge = node.Node.InsertedAlong!;
        var from = $"{Source(table)} t JOIN {Temp(parentTable)} m ON {ForeignKeyJoin(table, edge.Relationship, ByNode[edge.From], "t", "m")}";
        return ParentFilters.TryGetValue(node, out var filter)
            ? (from, " WHERE " + Restrict(filter, node.Key.Select(k => $"t.{Dialect.Quote(table.ColumnOf(k))}")), filter.Parameters)
            : (from, string.Empty, []);
    }

    /// <summary><c>EXISTS</c> the filter's row for the given key expressions.</summary>
    public string Restrict(RowFilter filter, IEnumerable<string> keyExpressions)
    {
        var conditions = keyExpressions.Select((e, i) => $"f.{Dialect.Quote(filter.Columns[i])} = {e}");
        return $"EXISTS (SELECT 1 FROM ({filter.Sql}) AS f WHERE {string.Join(" AND ", conditions)})";
    }

    public NodeTables? Find(GraphEntity entity) => Plan.Find(entity) is { } node ? ByNode.GetValueOrDefault(node) : null;

    /// <summary>The original keys a node copies (columns <c>o0..</c>); for a direct node, its key map.</summary>
    public string Selection(NodeTables node) => Direct.ContainsKey(node) ? Map(node) : $"efc_{_id}_s{Index(node)}";

    /// <summary>The key map: original key <c>o0..</c>, copy number <c>c</c>, new key <c>n0..</c>.</summary>
    public string Map(NodeTables node) => $"efc_{_id}_m{Index(node)}";

    /// <summary>The keys of the roots the caller's query selected (rows of the root's type reached along a tree are not roots).</summary>
    public string RootKeys => $"efc_{_id}_r";

    /// <summary>Whether <see cref="RootKeys"/> was made (not for a copy from staging tables, whose every root row is a root).</summary>
    public bool HasRootKeys { get; set; }

    public string UniqueTable(NodeTables node, PlanUnique unique) => $"efc_{_id}_u{Index(node)}_{node.Node.Uniques.IndexOf(unique)}";

    public string Temp(string name) => Dialect.Quote(name);

    /// <summary>Where the original rows of <paramref name="table"/> are read: the table itself, or its staging table.</summary>
    public string Source(NodeTable table)
        => Staging is not null && Staging.TryGetValue(table.Table, out var staged) ? Temp(staged) : Dialect.Table(table.Table);

    public async Task CreateTempAsync(string name, IReadOnlyList<(string Name, string Type)> columns, IReadOnlyList<string> key)
    {
        await Sql.ExecuteAsync(Dialect.CreateTemp(name, columns, key)).ConfigureAwait(false);
        _temps.Add(name);
    }

    /// <summary>A selection table: the node's original keys.</summary>
    public Task CreateSelectionAsync(NodeTables node) => CreateTempAsync(Selection(node), KeyColumns(node, "o"), KeyNames(node, "o"));

    /// <summary>
    /// A key map table, keyed on the original key and the copy number; for one copy on the original key alone, which
    /// on SQLite makes a single integer key the rowid, so every join to the map is a rowid lookup.
    /// </summary>
    public Task CreateMapAsync(NodeTables node)
        => CreateTempAsync(Map(node), [.. KeyColumns(node, "o"), ("c", "integer"), .. KeyColumns(node, "n")], Plan.Copies == 1 ? KeyNames(node, "o") : [.. KeyNames(node, "o"), "c"]);

    public async Task AnalyzeAsync(string name)
    {
        if (Dialect.Analyze(name) is { } analyze)
        {
            await Sql.ExecuteAsync(analyze).ConfigureAwait(false);
        }
    }

    public async Task DropTempsAsync()
    {
        foreach (var name in _temps)
        {
            await Sql.ExecuteAsync(Dialect.DropTemp(name)).ConfigureAwait(false);
        }

        _temps.Clear();
    }

    public KeyValuePair<string, object?> CopiesParameter => KeyValuePair.Create<string, object?>(Copies, Plan.Copies);

    public IReadOnlyList<(string Name, string Type)> KeyColumns(NodeTables node, string prefix)
        => node.Key.Select((p, i) => ($"{prefix}{i}", node.KeyTable.Column(p).StoreType)).ToList();

    public static IReadOnlyList<string> KeyNames(NodeTables node, string prefix) => node.Key.Select((_, i) => $"{prefix}{i}").ToList();

    public static string KeyList(NodeTables node, string prefix) => string.Join(", ", KeyNames(node, prefix));

    public static string KeyList(NodeTables node, string left, string right)
        => string.Join(" AND ", node.Key.Select((_, i) => $"{left}{i} = {right}{i}"));

    /// <summary><c>alias.k = other.prefix{i}</c> for each key column of <paramref name="table"/>.</summary>
    public string KeyJoin(NodeTable table, NodeTables node, string alias, string other, string prefix)
        => string.Join(" AND ", node.Key.Select((p, i) => $"{alias}.{Dialect.Quote(table.ColumnOf(p))} = {other}.{prefix}{i}"));

    /// <summary><c>alias.fk = map.o{j}</c>: a dependent's foreign key against a principal node's original keys.</summary>
    public string ForeignKeyJoin(NodeTable table, GraphRelationship relationship, NodeTables principal, string alias, string map)
        => string.Join(" AND ", relationship.ForeignKey.Select((p, i) =>
            $"{alias}.{Dialect.Quote(table.ColumnOf(p))} = {map}.o{IndexIn(principal.Key, relationship.PrincipalKey[i])}"));

    public string Columns(NodeTable table, IEnumerable<GraphProperty> properties, string alias)
        => string.Join(", ", properties.Select(p => $"{alias}.{Dialect.Quote(table.ColumnOf(p))}"));

    public string Aliased(NodeTable table, IEnumerable<GraphProperty> properties, string alias)
        => string.Join(", ", properties.Select((p, i) => $"{alias}.{Dialect.Quote(table.ColumnOf(p))} AS o{i}"));

    public static int IndexIn(IReadOnlyList<GraphProperty> properties, GraphProperty property)
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

    public static string Parameter(List<KeyValuePair<string, object?>> parameters, object? value)
    {
        var name = $"@v{parameters.Count}";
        parameters.Add(KeyValuePair.Create(name, value));
        return name;
    }

    private int Index(NodeTables node)
    {
        for (var i = 0; i < Nodes.Count; i++)
        {
            if (Nodes[i] == node)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"'{node.Node}' is not a node of this operation.");
    }
}
