using EFCore.Cloning.Planning;
using EFCore.Cloning.Schema;

namespace EFCore.Cloning.Sql;

/// <summary>
/// Finds the original rows a set-mode clone copies: the roots the caller's query selects, then along the plan's edges
/// to a fixpoint, each step one <c>INSERT ... SELECT</c> into a node's selection (a tree in one recursive statement).
/// Rows a global query filter hides are left out, through the filter's own SQL as EF translates it.
/// </summary>
internal sealed class RowSelector(SetModeState state, KeyAllocator keys)
{
    private ISqlDialect Dialect => state.Dialect;

    public async Task SelectAsync()
    {
        var root = state.ByNode[state.Plan.Root];
        var select = state.Request.Roots.Sql;
        var names = await state.Sql.ColumnNamesAsync(select, state.Request.Roots.Parameters).ConfigureAwait(false);

        // EF may return more columns than projected (a TPC union is lifted whole); the key comes first.
        select = $"SELECT {string.Join(", ", names.Take(root.Key.Count).Select((n, i) => $"q.{Dialect.Quote(n)} AS o{i}"))} FROM ({select}) AS q";
        await state.CreateTempAsync(state.RootKeys, state.KeyColumns(root, "o"), SetModeState.KeyNames(root, "o")).ConfigureAwait(false);
        await state.Sql.ExecuteAsync(Dialect.InsertIgnore(state.Temp(state.RootKeys), SetModeState.KeyList(root, "o"), select), prepared: state.Request.Roots.Parameters).ConfigureAwait(false);
        state.HasRootKeys = true;
        await state.Sql.ExecuteAsync(keys.InsertSelected(root, $"SELECT {SetModeState.KeyList(root, "o")} FROM {state.Temp(state.RootKeys)}", null)).ConfigureAwait(false);

        var edges = state.Plan.Edges.Where(e => state.ByNode.ContainsKey(e.From) && state.ByNode.ContainsKey(e.To)).ToList();
        foreach (var edge in edges.Where(e => e.To.InsertedAlong == e))
        {
            // Rows inserted from the parent's map are not selected; their filter is applied by the insert.
            if (await FilterAsync(edge).ConfigureAwait(false) is { } filter)
            {
                state.ParentFilters[state.ByNode[edge.To]] = filter;
            }
        }

        edges.RemoveAll(e => e.To.InsertedAlong == e);
        var dirty = new HashSet<PlanNode> { state.Plan.Root };
        while (dirty.Count > 0)
        {
            var next = new HashSet<PlanNode>();
            foreach (var edge in edges.Where(e => dirty.Contains(e.From)))
            {
                var recursive = edge.From == edge.To;
                var filter = await FilterAsync(edge).ConfigureAwait(false);
                foreach (var statement in Statements(edge, filter))
                {
                    foreach (var setting in recursive ? Dialect.BeforeRecursion : [])
                    {
                        await state.Sql.ExecuteAsync(setting).ConfigureAwait(false);
                    }

                    if (await state.Sql.ExecuteAsync(statement, prepared: filter?.Parameters).ConfigureAwait(false) > 0)
                    {
                        next.Add(edge.To);
                    }

                    foreach (var setting in recursive ? Dialect.AfterRecursion : [])
                    {
                        await state.Sql.ExecuteAsync(setting).ConfigureAwait(false);
                    }
                }
            }

            dirty = next;
        }

        foreach (var node in state.Nodes.Where(SetModeState.IsMapped))
        {
            await PruneAsync(node).ConfigureAwait(false);
            await state.AnalyzeAsync(state.Selection(node)).ConfigureAwait(false);
        }
    }

    /// <summary>Drops the join rows whose other end is not copied, where the plan links copies to copies only.</summary>
    private async Task PruneAsync(NodeTables node)
    {
        foreach (var relationship in node.Node.RequiredPrincipals)
        {
            if (state.Find(relationship.Principal) is not { } principal)
            {
                continue;
            }

            var table = node.TablesWith(relationship.ForeignKey.Concat(node.Key)).First();
            var selection = state.Temp(state.Selection(node));
            await state.Sql.ExecuteAsync(
                $"DELETE FROM {selection} WHERE NOT EXISTS (SELECT 1 FROM {state.Source(table)} t JOIN {state.Temp(state.Selection(principal))} p "
                + $"ON {state.ForeignKeyJoin(table, relationship, principal, "t", "p")} WHERE {string.Join(" AND ", node.Key.Select((k, i) => $"t.{Dialect.Quote(table.ColumnOf(k))} = {selection}.o{i}"))})").ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The keys of the rows the edge may reach, with the names of its key columns: its filtered include's (which EF
    /// translated with the query filter), else the query filter's of the target's hierarchy; null: every row.
    /// </summary>
    private async Task<RowFilter?> FilterAsync(PlanEdge edge)
    {
        var node = edge.To;
        if (!state.Request.EdgeFilters.TryGetValue(edge, out var filter)
            && (state.Plan.IgnoreQueryFilters || !node.Entity.HasQueryFilter || !state.Request.RowFilters.TryGetValue(node.Entity, out filter)))
        {
            return null;
        }

        var names = await state.Sql.ColumnNamesAsync(filter.Sql, filter.Parameters).ConfigureAwait(false);
        return new RowFilter(filter.Sql, names.Take(node.Entity.PrimaryKey.Properties.Count).ToList(), filter.Parameters);
    }

    private IEnumerable<string> Statements(PlanEdge edge, RowFilter? filter)
    {
        var relationship = edge.Relationship;
        var from = state.ByNode[edge.From];
        var to = state.ByNode[edge.To];
        var dependent = edge.Direction == EdgeDirection.ToDependents ? to : from;
        var principal = edge.Direction == EdgeDirection.ToDependents ? from : to;
        var targetsKey = relationship.PrincipalKey.SequenceEqual(principal.Key);

        // A self-reference (a tree) is followed to any depth in one recursive statement.
        var recursive = edge.From == edge.To && targetsKey;

        foreach (var table in dependent.TablesWith(relationship.ForeignKey.Concat(dependent.Key)))
        {
            var t = Dialect.Table(table.Table);
            string source;
            if (edge.Direction == EdgeDirection.ToDependents)
            {
                // Dependent rows whose foreign key points at a selected principal.
                var selectedPrincipal = recursive ? "r" : state.Temp(state.Selection(principal));
                var join = targetsKey
                    ? $"JOIN {selectedPrincipal} p ON {state.ForeignKeyJoin(table, relationship, principal, "t", "p")}"
                    : AlternateKeyJoin(table, relationship, principal, selectedPrincipal);
                source = $"SELECT {state.Aliased(table, dependent.Key, "t")} FROM {t} t {join}"
                         + Restrict(filter, dependent.Key.Select(k => $"t.{Dialect.Quote(table.ColumnOf(k))}"), " WHERE ");
            }
            else
            {
                // Principal rows that selected dependents point at.
                var selectedDependent = recursive ? "r" : state.Temp(state.Selection(dependent));
                if (!targetsKey)
                {
                    var principalTable = principal.TablesWith(relationship.PrincipalKey.Concat(principal.Key)).First();
                    source = $"SELECT {state.Aliased(principalTable, principal.Key, "pt")} FROM {t} t JOIN {selectedDependent} d ON {state.KeyJoin(table, dependent, "t", "d", "o")} "
                             + $"JOIN {Dialect.Table(principalTable.Table)} pt ON {string.Join(" AND ", relationship.ForeignKey.Select((p, i) => $"pt.{Dialect.Quote(principalTable.ColumnOf(relationship.PrincipalKey[i]))} = t.{Dialect.Quote(table.ColumnOf(p))}"))}"
                             + Restrict(filter, principal.Key.Select(k => $"pt.{Dialect.Quote(principalTable.ColumnOf(k))}"), " WHERE ");
                }
                else
                {
                    var ordered = principal.Key.Select(k => $"t.{Dialect.Quote(table.ColumnOf(relationship.ForeignKey[SetModeState.IndexIn(relationship.PrincipalKey, k)]))}").ToList();
                    var notNull = string.Join(" AND ", relationship.ForeignKey.Select(p => $"t.{Dialect.Quote(table.ColumnOf(p))} IS NOT NULL"));
                    source = $"SELECT {string.Join(", ", ordered.Select((c, i) => $"{c} AS o{i}"))} FROM {t} t JOIN {selectedDependent} d ON {state.KeyJoin(table, dependent, "t", "d", "o")} WHERE {notNull}"
                             + Restrict(filter, ordered, " AND ");
                }
            }

            var target = state.Temp(state.Selection(to));
            var keysOfTo = SetModeState.KeyList(to, "o");
            yield return recursive
                ? keys.InsertSelected(to, $"SELECT {keysOfTo} FROM r", $"WITH RECURSIVE r({keysOfTo}) AS (SELECT {keysOfTo} FROM {target} UNION {source}) ")
                : keys.InsertSelected(to, source, null);
        }
    }

    private string Restrict(RowFilter? filter, IEnumerable<string> keyExpressions, string glue)
        => filter is null ? string.Empty : glue + state.Restrict(filter, keyExpressions);

    private string AlternateKeyJoin(NodeTable table, GraphRelationship relationship, NodeTables principal, string selectedPrincipal)
    {
        var principalTable = principal.TablesWith(relationship.PrincipalKey.Concat(principal.Key)).First();
        var onKey = string.Join(" AND ", relationship.ForeignKey.Select((p, i) =>
            $"pt.{Dialect.Quote(principalTable.ColumnOf(relationship.PrincipalKey[i]))} = t.{Dialect.Quote(table.ColumnOf(p))}"));
        return $"JOIN {Dialect.Table(principalTable.Table)} pt ON {onKey} JOIN {selectedPrincipal} p ON {state.KeyJoin(principalTable, principal, "pt", "p", "o")}";
    }
}
