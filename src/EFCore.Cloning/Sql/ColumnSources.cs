using EFCore.Cloning.Planning;
using EFCore.Cloning.Schema;

namespace EFCore.Cloning.Sql;

/// <summary>
/// The SQL expression of every column a copy of <see cref="NodeTable"/>'s rows gets, from the plan's value sources:
/// the new key from the map, a constant parameter (per concrete type where rules differ), a foreign key through the
/// principal's map (primary or alternate key), a unique value, or the original's value. Columns left to the database
/// (store defaults, identities, computed columns) are not listed. The source row is <c>t</c>, its map row <c>m</c>.
/// </summary>
internal sealed class ColumnSources(SetModeState state, NodeTables node, NodeTable table, List<KeyValuePair<string, object?>> parameters, List<string> joins)
{
    private ISqlDialect Dialect => state.Dialect;

    /// <summary>Column name and expression, in the table's column order.</summary>
    public List<(GraphColumn Column, string Expression)> Build(bool withUniques = true)
    {
        var references = ForeignKeys();
        var uniques = withUniques ? Uniques() : [];
        var byColumn = new Dictionary<string, GraphProperty>(StringComparer.Ordinal);
        foreach (var (property, column) in table.Columns)
        {
            byColumn.TryAdd(column, property);
        }

        var sources = new List<(GraphColumn, string)>();
        foreach (var column in table.Table.Columns.Where(c => !c.IsReadOnly))
        {
            var property = byColumn.GetValueOrDefault(column.Name);
            var original = references.GetValueOrDefault(column.Name) ?? $"t.{Dialect.Quote(column.Name)}";
            string? expression;
            if (property is not null && node.Key.Contains(property))
            {
                expression = KeyExpression(property, column);
            }
            else if (property is null)
            {
                expression = original;
            }
            else
            {
                expression = ValueExpression(property, original);
            }

            // A unique value made for the copy wins; rows without one (types given a constant, null values) keep the rest.
            if (uniques.TryGetValue(column.Name, out var made) && expression is not null && !references.ContainsKey(column.Name))
            {
                expression = $"COALESCE({made}, {expression})";
            }

            if (expression is not null)
            {
                sources.Add((column, expression));
            }
        }

        return sources;
    }

    /// <summary>
    /// A key column's expression: the key map's new key; for a node inserted from its parent's map (<c>m</c> is then the
    /// parent's), the key the insert makes (null: the database's), or the parent's new key and the original's other parts.
    /// </summary>
    private string? KeyExpression(GraphProperty property, GraphColumn column)
    {
        if (node.Node.InsertedAlong is not { } edge)
        {
            return $"m.n{SetModeState.IndexIn(node.Key, property)}";
        }

        var key = node.Node.Entity.PrimaryKey;
        if (key.IsGenerated)
        {
            return Dialect.KeyOnInsert(table.Table, column, key.Generation, OrderOfCopies);
        }

        var foreignKey = edge.Relationship.ForeignKey;
        return foreignKey.Contains(property)
            ? $"m.n{SetModeState.IndexIn(state.ByNode[edge.From].Key, edge.Relationship.PrincipalKey[SetModeState.IndexIn(foreignKey, property)])}"
            : $"t.{Dialect.Quote(column.Name)}";
    }

    /// <summary>
    /// The order copies get numbered keys in: the originals' key order, each original's copies together, so that the
    /// copies of each copy number keep their originals' order (and SQLite reads the rows in that order, with no sort).
    /// </summary>
    /// <summary>
    /// Per foreign-key column that takes a copied principal's new key from its key map, SQL true where it does (the
    /// map join matched) and that key was made by the database (so no row holds it yet); filled by <see cref="Build"/>.
    /// </summary>
    public Dictionary<string, string> NewKeyTests { get; } = new(StringComparer.Ordinal);

    public string OrderOfCopies => string.Join(", ", node.Key.Select(k => $"t.{Dialect.Quote(table.ColumnOf(k))}")) + ", m.c";

    /// <summary>The expression for a property with plan values: per concrete type, or null when the database fills it.</summary>
    private string? ValueExpression(GraphProperty property, string original)
    {
        var (owner, types) = node.Node.Entity.SelfAndDerived().Contains(property.DeclaringEntity)
            ? (node.Node, table.Types)
            : (state.Plan.Find(property.DeclaringEntity) ?? node.Node, (IReadOnlyList<GraphEntity>)[property.DeclaringEntity]);
        var choices = owner.Values.Choices(property, types);
        if (choices.Count == 1)
        {
            return choices[0].Value is { } value ? Constant(property, value) : original;
        }

        var cases = new List<string>();
        foreach (var (value, group) in choices.Where(c => c.Value is not null))
        {
            var expression = Constant(property, value!)
                ?? throw new CloneException(
                    $"Set mode cannot give '{property}' its store default for some types of '{node.Node.Entity.DisplayName}' and a value for others: "
                    + "give every type of the hierarchy the same rule for it, or use object mode (CloneAsync / CloneAndSaveAsync).");
            cases.Add($"WHEN {TypeTest(group)} THEN {expression}");
        }

        return $"CASE {string.Join(" ", cases)} ELSE {original} END";
    }

    private string? Constant(GraphProperty property, PlanValue value) => value.Kind switch
    {
        PlanValueKind.Constant => SetModeState.Parameter(parameters, value.ProviderValue),
        PlanValueKind.StoreDefault => null,
        PlanValueKind.OriginalKey => node.Node.InsertedAlong is null ? $"m.o{value.KeyPart}" : $"t.{Dialect.Quote(table.ColumnOf(node.Key[value.KeyPart]))}",
        PlanValueKind.Computed when state.Request.ComputedValues.TryGetValue(value, out var query) => ComputedJoin(value, query),
        _ => throw new CloneException(
            $"'{property}' gets a value computed from the original that set mode has no SQL for (a function, not an expression EF translates). "
            + "Give a constant with Set(e => e.Property, value), or use object mode (CloneAsync / CloneAndSaveAsync)."),
    };

    /// <summary>Joins EF's translation of a computed value on the original's key; the value is its last column.</summary>
    private string ComputedJoin(PlanValue value, RootSelection query)
    {
        var names = state.ComputedColumns[value];
        var alias = $"cv{joins.Count}";
        var on = string.Join(" AND ", node.Key.Select((k, i) => $"{alias}.{Dialect.Quote(names[i])} = t.{Dialect.Quote(table.ColumnOf(k))}"));
        joins.Add($"LEFT JOIN ({query.Sql}) {alias} ON {on}");
        foreach (var parameter in query.Parameters)
        {
            if (!parameters.Any(p => p.Key == "@" + parameter.ParameterName))
            {
                parameters.Add(KeyValuePair.Create<string, object?>("@" + parameter.ParameterName, parameter.Value is DBNull ? null : parameter.Value));
            }
        }

        return $"{alias}.{Dialect.Quote(names[^1])}";
    }

    /// <summary>True for source rows of one of <paramref name="types"/>: by discriminator (TPH) or by the rows of each type's table (TPT).</summary>
    public string TypeTest(IReadOnlyList<GraphEntity> types)
    {
        if (node.Node.Entity.Discriminator is { } discriminator && table.Columns.TryGetValue(discriminator.Property, out var column))
        {
            var values = types.Select(t => SetModeState.Parameter(parameters, discriminator.Property.ToProvider is { } convert ? convert(t.Discriminator?.Value) : t.Discriminator?.Value));
            return $"t.{Dialect.Quote(column)} IN ({string.Join(", ", values)})";
        }

        return "(" + string.Join(" OR ", types.Select(Exactly)) + ")";
    }

    /// <summary>TPT: the row has a row in the type's own table and none in the tables of the types derived from it.</summary>
    private string Exactly(GraphEntity type)
    {
        var conditions = new List<string> { "1 = 1" };
        if (OwnTable(type) is { } own)
        {
            conditions.Add(Exists(own));
        }

        conditions.AddRange(type.Derived.Select(OwnTable).OfType<NodeTable>().Select(d => "NOT " + Exists(d)));
        return "(" + string.Join(" AND ", conditions) + ")";
    }

    private NodeTable? OwnTable(GraphEntity type)
        => type.Tables.Where(t => t.Role == TableRole.Extension).Select(t => node.Tables.FirstOrDefault(n => n.Table == t.Table)).FirstOrDefault(t => t is not null);

    private string Exists(NodeTable other)
        => $"EXISTS (SELECT 1 FROM {state.Source(other)} x WHERE {string.Join(" AND ", node.Key.Select(k => $"x.{Dialect.Quote(other.ColumnOf(k))} = t.{Dialect.Quote(table.ColumnOf(k))}"))})";

    private Dictionary<string, string> Uniques()
    {
        var expressions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var unique in node.Node.Uniques)
        {
            if (state.UniqueTables.TryGetValue((node.Node, unique), out var name) && table.Columns.TryGetValue(unique.Property, out var column))
            {
                var alias = $"u{joins.Count}";
                joins.Add($"LEFT JOIN {state.Temp(name)} {alias} ON {SetModeState.KeyList(node, $"{alias}.o", "m.o")} AND {alias}.c = m.c");
                expressions[column] = $"{alias}.v";
            }
        }

        return expressions;
    }

    /// <summary>The expression of every foreign-key column: the copy's key where the principal is copied, else the original value.</summary>
    private Dictionary<string, string> ForeignKeys()
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
            if (node.Node.Nulled.Contains(relationship) || state.Plan.CycleBreaks.Contains((node.Node, relationship)))
            {
                foreach (var column in columns.Where(c => !expressions.ContainsKey(c) && !node.Key.Any(k => table.ColumnOf(k) == c)))
                {
                    expressions[column] = "NULL";
                }

                continue;
            }

            if (state.Find(relationship.Principal) is not { } principal)
            {
                continue;
            }

            if (node.Node.InsertedAlong?.Relationship == relationship)
            {
                // The parent's key map is the statement's own (m): its new key, no join.
                for (var i = 0; i < columns.Count; i++)
                {
                    expressions.TryAdd(columns[i], $"m.n{SetModeState.IndexIn(principal.Key, relationship.PrincipalKey[i])}");
                }

                continue;
            }

            var alias = $"p{joins.Count}";
            if (relationship.PrincipalKey.SequenceEqual(principal.Key))
            {
                joins.Add($"LEFT JOIN {state.Temp(state.Map(principal))} {alias} ON {state.ForeignKeyJoin(table, relationship, principal, "t", alias)} AND {alias}.c = m.c");
                for (var i = 0; i < columns.Count; i++)
                {
                    var newKey = $"{alias}.n{SetModeState.IndexIn(principal.Key, relationship.PrincipalKey[i])}";
                    if (expressions.TryAdd(columns[i], $"COALESCE({newKey}, t.{Dialect.Quote(columns[i])})") && KeyAllocator.MakesKeys(principal))
                    {
                        NewKeyTests[columns[i]] = $"{newKey} IS NOT NULL";
                    }
                }

                continue;
            }

            // A foreign key to an alternate key: the principal copy's value of that key, read from the copy's row
            // (inserted before its dependents), which may differ from the original's (a unique suffix, a Set).
            var principalTable = principal.TablesWith(relationship.PrincipalKey.Concat(principal.Key)).First();
            var originals = string.Join(", ", relationship.PrincipalKey.Select((k, i) => $"po.{Dialect.Quote(principalTable.ColumnOf(k))} AS a{i}"));
            var copies = string.Join(", ", relationship.PrincipalKey.Select((k, i) => $"pc.{Dialect.Quote(principalTable.ColumnOf(k))} AS b{i}"));
            var pt = Dialect.Table(principalTable.Table);
            joins.Add($"LEFT JOIN (SELECT {originals}, pm.c AS c, {copies} FROM {state.Source(principalTable)} po "
                      + $"JOIN {state.Temp(state.Map(principal))} pm ON {state.KeyJoin(principalTable, principal, "po", "pm", "o")} "
                      + $"JOIN {pt} pc ON {state.KeyJoin(principalTable, principal, "pc", "pm", "n")}) {alias} "
                      + $"ON {string.Join(" AND ", columns.Select((c, i) => $"{alias}.a{i} = t.{Dialect.Quote(c)}"))} AND {alias}.c = m.c");
            for (var i = 0; i < columns.Count; i++)
            {
                expressions.TryAdd(columns[i], $"COALESCE({alias}.b{i}, t.{Dialect.Quote(columns[i])})");
            }
        }

        return expressions;
    }
}
