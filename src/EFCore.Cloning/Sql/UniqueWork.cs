using EFCore.Cloning.Planning;

namespace EFCore.Cloning.Sql;

/// <summary>
/// The temporary tables of one unique value's search and the SQL they share. The copies table (<see cref="Copies"/>)
/// holds a row per copy: <c>ord</c> (the order the engines give copies their values: copy number, table, original
/// key), the original key <c>o..</c>, copy number <c>c</c>, <c>f</c> = 1 for a scope the database fills (a fresh one),
/// 2 for a scope holding a copied principal's new key (no row holds it yet: only copies under that principal compete),
/// the scope <c>s..</c> as the copy will hold it, the original value <c>v</c>, its root <c>r</c> without a suffix of
/// the format, <c>b</c> = 1 where it had none (the value itself is tried first), and the value found, <c>a</c>.
/// </summary>
internal sealed class UniqueWork
{
    private readonly SetModeState _state;
    private readonly PlanUnique _unique;
    private readonly IReadOnlyList<NodeTable> _tables;
    private readonly string _name;

    /// <param name="state">The operation.</param>
    /// <param name="node">The node whose copies get the values.</param>
    /// <param name="unique">The unique value.</param>
    /// <param name="tables">Every table of the index (TPC: each concrete table), whose rows hold taken values.</param>
    /// <param name="suffix">The suffix format as SQL.</param>
    public UniqueWork(SetModeState state, NodeTables node, PlanUnique unique, IReadOnlyList<NodeTable> tables, SuffixSql suffix)
    {
        _state = state;
        _unique = unique;
        _tables = tables;
        _name = state.UniqueTable(node, unique);
        Suffix = suffix;
        ScopeColumns = unique.Scope.Select((p, i) => ($"s{i}", tables[0].Column(p).StoreType)).ToList();
    }

    public SuffixSql Suffix { get; }

    public IReadOnlyList<(string Name, string Type)> ScopeColumns { get; }

    /// <summary>Where the values found go, the table the insert joins: <c>o..</c>, <c>c</c>, <c>v</c>.</summary>
    public string ResultName => _name;

    public string CopiesName => _name + "_w";

    public string Copies => _state.Temp(CopiesName);

    /// <summary>Per search of one band: the copies still without a value, numbered within their group (<c>gid</c>, <c>k</c>).</summary>
    public string RanksName => _name + "_r";

    public string Ranks => _state.Temp(RanksName);

    /// <summary>Per group: its scope, its cut root <c>p</c>, how many copies it has and still needs values for, the next number to try.</summary>
    public string GroupsName => _name + "_g";

    public string Groups => _state.Temp(GroupsName);

    /// <summary>Per group, the free copy numbers found.</summary>
    public string FreeName => _name + "_f";

    public string Free => _state.Temp(FreeName);

    /// <summary>
    /// Case-insensitive columns only: the copies' own values kept (<c>fa</c> folded). Folded, such a value can equal a
    /// suffixed value of another original ('Apollo (COPY)' and 'Apollo (copy)'), which the search must then skip.
    /// </summary>
    public string KeptName => _name + "_k";

    public string Kept => _state.Temp(KeptName);

    public bool CaseInsensitive => _unique.Property.IsCaseInsensitive;

    /// <summary>Whether <see cref="Kept"/> was made.</summary>
    public bool HasKept { get; set; }

    /// <summary>Folded as the column compares, for grouping copies whose values collide.</summary>
    public string Fold(string expression) => CaseInsensitive ? $"lower({expression})" : expression;

    /// <summary><c>, alias.s0, alias.s1 ...</c></summary>
    public string ScopeList(string alias) => string.Concat(ScopeColumns.Select(c => $", {alias}.{c.Name}"));

    /// <summary>
    /// The copies that compete for the same values: the same scope (nulls alike, so that a copy beside its original under
    /// no parent is still suffixed) and the same folded text; a fresh scope competes with no one.
    /// </summary>
    public string Partition(string alias, string text) => $"CASE WHEN {alias}.f = 1 THEN {alias}.ord ELSE -{alias}.f END{ScopeList(alias)}, {Fold(text)}";

    /// <summary>
    /// True when no row of the index's tables (nor a value a copy keeps) holds <paramref name="candidate"/> within the
    /// scope of row <paramref name="alias"/>: one anti-join per table, on equality with the indexed column; none for a
    /// scope no row holds yet (<c>f</c> 1 or 2).
    /// </summary>
    public string IsFree(string candidate, string alias)
    {
        var dialect = _state.Dialect;
        var conditions = _tables.Select(table =>
        {
            var column = $"t.{dialect.Quote(table.ColumnOf(_unique.Property))}";
            var match = dialect.UniqueMatch(column, candidate, table.Column(_unique.Property), CaseInsensitive);
            var scope = _unique.Scope.Select((p, i) => Same($"t.{dialect.Quote(table.ColumnOf(p))}", $"{alias}.s{i}", table.Column(p).IsNullable));
            return $"NOT EXISTS (SELECT 1 FROM {dialect.Table(table.Table)} t WHERE {alias}.f = 0 AND {match}{string.Concat(scope.Select(s => " AND " + s))})";
        }).ToList();
        if (HasKept)
        {
            var scope = ScopeColumns.Select(c => Same($"x.{c.Name}", $"{alias}.{c.Name}", nullable: true));
            conditions.Add($"NOT EXISTS (SELECT 1 FROM {Kept} x WHERE {alias}.f <> 1 AND x.fa = lower({candidate}){string.Concat(scope.Select(s => " AND " + s))})");
        }

        return string.Join(" AND ", conditions);
    }

    private string Same(string left, string right, bool nullable) => nullable ? _state.Dialect.SameOrBothNull(left, right) : $"{left} = {right}";
}
