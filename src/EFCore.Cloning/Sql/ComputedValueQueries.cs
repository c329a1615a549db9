using System.Data.Common;
using System.Linq.Expressions;
using System.Reflection;
using System.Text.RegularExpressions;
using EFCore.Cloning.Planning;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace EFCore.Cloning.Sql;

/// <summary>
/// Has EF translate each value computed from the original (<c>Set(p =&gt; p.Name, p =&gt; p.Name + " v2")</c>) into SQL:
/// a query of the keys and the value over the original rows, which the insert joins on the key. EF's own translation
/// does the work, with the expression's captured values as parameters; what EF cannot translate is refused.
/// </summary>
internal static class ComputedValueQueries
{
    private static readonly MethodInfo QueryMethod = typeof(ComputedValueQueries).GetMethod(nameof(Query), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo PropertyMethod = typeof(EF).GetMethod(nameof(EF.Property))!;

    public static Dictionary<PlanValue, RootSelection> Translate(DbContext context, ClonePlan plan)
    {
        var queries = new Dictionary<PlanValue, RootSelection>(ReferenceEqualityComparer.Instance);
        var index = 0;
        foreach (var node in plan.Nodes)
        {
            foreach (var (property, _, value) in node.Values.All)
            {
                if (value.Kind != PlanValueKind.Computed || value.Expression is not { } expression || queries.ContainsKey(value))
                {
                    continue;
                }

                var root = context.Model.FindEntityType(node.Entity.Name)!;
                var method = QueryMethod.MakeGenericMethod(expression.Parameters[0].Type, expression.ReturnType);
                IQueryable query;
                try
                {
                    query = (IQueryable)method.Invoke(null, [context, root, expression, plan.IgnoreQueryFilters])!;
                    queries[value] = Rename(Selection(query), $"cv{index++}_");
                }
                catch (Exception exception) when (exception is InvalidOperationException or TargetInvocationException { InnerException: InvalidOperationException })
                {
                    throw new CloneException(
                        $"'{property}' gets the value '{expression}', which EF cannot translate to SQL for set mode to compute inside the database "
                        + $"({(exception.InnerException ?? exception).Message.Split('\n')[0]}). Give a constant, write the value with functions EF translates, "
                        + "or use object mode (CloneAsync / CloneAndSaveAsync), which runs it in .NET.",
                        exception);
                }
            }
        }

        return queries;
    }

    /// <summary>
    /// <c>Set&lt;T&gt;().Select(e =&gt; new { K0 = key..., V = value(e) }).Distinct()</c>, with the query filters the clone applies
    /// (a navigation inside the value sees the rows EF's queries return); the distinct keeps EF from evaluating any part of
    /// the value in .NET (only a final projection may).
    /// </summary>
    private static IQueryable Query<TEntity, TValue>(DbContext context, IEntityType root, Expression<Func<TEntity, TValue>> value, bool ignoreFilters)
        where TEntity : class
    {
        var entityType = context.Model.FindEntityType(typeof(TEntity)) ?? root;
        IQueryable<TEntity> set = entityType.HasSharedClrType ? context.Set<TEntity>(entityType.Name) : context.Set<TEntity>();
        var key = root.FindPrimaryKey()!.Properties;
        var parameter = value.Parameters[0];
        var keyTypes = key.Select(p => p.ClrType).Concat(Enumerable.Repeat(typeof(bool), 4 - key.Count)).ToArray();
        var rowType = typeof(ComputedRow<,,,,>).MakeGenericType([.. keyTypes, typeof(TValue)]);
        var bindings = key.Select((p, i) => Expression.Bind(rowType.GetProperty($"K{i}")!, Expression.Call(PropertyMethod.MakeGenericMethod(p.ClrType), parameter, Expression.Constant(p.Name))))
            .Append(Expression.Bind(rowType.GetProperty("V")!, value.Body));
        var projection = Expression.Lambda(Expression.MemberInit(Expression.New(rowType), bindings), parameter);
        var select = typeof(Queryable).GetMethods()
            .First(m => m.Name == nameof(Queryable.Select) && m.GetParameters()[1].ParameterType.GetGenericArguments()[0].GetGenericArguments().Length == 2)
            .MakeGenericMethod(typeof(TEntity), rowType);
        var projected = (IQueryable)select.Invoke(null, [ignoreFilters ? set.IgnoreQueryFilters() : set, projection])!;
        var distinct = typeof(Queryable).GetMethods().First(m => m.Name == nameof(Queryable.Distinct) && m.GetParameters().Length == 1).MakeGenericMethod(rowType);
        return (IQueryable)distinct.Invoke(null, [projected])!;
    }

    /// <summary>Reads each translation's column names (keys, then the value) before anything is inserted; a value EF would finish in .NET is refused.</summary>
    public static async Task ResolveColumnsAsync(SetModeState state)
    {
        foreach (var (value, query) in state.Request.ComputedValues)
        {
            var names = await state.Sql.ColumnNamesAsync(query.Sql, query.Parameters).ConfigureAwait(false);
            if (names.Count == 0 || names[^1] != "V")
            {
                // EF evaluates what it cannot translate in .NET after the query: the SQL then lacks the value itself.
                var property = state.Plan.Nodes.SelectMany(n => n.Values.All).First(v => ReferenceEquals(v.Value, value)).Property;
                throw new CloneException(
                    $"'{property}' gets the value '{value.Expression}', which cannot be computed inside the database: EF translates only part of it to SQL and would run the rest in .NET. "
                    + "Write it with functions EF translates, give a constant, or use object mode (CloneAsync / CloneAndSaveAsync), which runs it in .NET.");
            }

            state.ComputedColumns[value] = names;
        }
    }

    private static RootSelection Selection(IQueryable query)
    {
        using var command = query.CreateDbCommand();
        var parameters = command.Parameters.Cast<DbParameter>().ToList();
        command.Parameters.Clear();
        return new RootSelection(command.CommandText, parameters);
    }

    /// <summary>Gives the query's parameters names no other query of the statement uses.</summary>
    private static RootSelection Rename(RootSelection selection, string prefix)
    {
        var sql = selection.Sql;
        foreach (var parameter in selection.Parameters.OrderByDescending(p => p.ParameterName.Length))
        {
            var name = parameter.ParameterName.TrimStart('@', ':', '$');
            sql = Regex.Replace(sql, $@"@{Regex.Escape(name)}\b", $"@{prefix}{name}");
            parameter.ParameterName = prefix + name;
        }

        return new RootSelection(sql, selection.Parameters);
    }
}

/// <summary>A computed value's row: the original's key (up to four columns) and the value.</summary>
internal sealed class ComputedRow<T0, T1, T2, T3, TV>
{
    public T0 K0 { get; set; } = default!;

    public T1 K1 { get; set; } = default!;

    public T2 K2 { get; set; } = default!;

    public T3 K3 { get; set; } = default!;

    public TV V { get; set; } = default!;
}
