using System.Linq.Expressions;
using System.Reflection;
using EFCore.Cloning.Internal;
using EFCore.Cloning.Planning;
using EFCore.Cloning.Schema;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace EFCore.Cloning.Sql;

/// <summary>Set mode: copies rows inside the database, from an EF query or (for the tool) a plan over a live schema.</summary>
internal static class SetModeCloner
{
    private static readonly MethodInfo PropertyMethod = typeof(EF).GetMethod(nameof(EF.Property))!;

    /// <summary>Copies every root the query selects; the query's own translation (parameters included) selects the root keys.</summary>
    public static async Task<CloneResult> ExecuteAsync<TEntity>(IQueryable<TEntity> roots, CloneOptions options, CancellationToken cancellationToken)
        where TEntity : class
    {
        var (context, entityType, request) = Prepare(roots, options, null);
        await CloneGuards.CheckAsync(roots, entityType, cancellationToken).ConfigureAwait(false);
        if (options.DryRun)
        {
            if (options.Into is not null)
            {
                throw new CloneException("DryRun() counts the rows a clone copies within its own database; run it without Into(target), which copies the same rows.");
            }

            var stopwatch = System.Diagnostics.Stopwatch.StartNew();
            var tables = await new SetModeOperation(request, cancellationToken).DryRunAsync().ConfigureAwait(false);
            return new CloneResult(tables, [], null, stopwatch.Elapsed) { IsDryRun = true };
        }

        var result = options.Into is not null
            ? await Transfer.IntoDatabase.RunAsync(context, request, options, cancellationToken).ConfigureAwait(false) // read here, written into the other database
            : await ExecuteAsync(request, cancellationToken).ConfigureAwait(false);
        await CommitHooks.RunAsync(context, result.HookRows, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>The plan's preview with its statements: the rows per table a dry run selects, and the SQL set mode would send.</summary>
    public static async Task<(ClonePlan Plan, IReadOnlyDictionary<string, long> Tables, IReadOnlyList<string> Statements)> PreviewAsync<TEntity>(
        IQueryable<TEntity> roots, CloneOptions options, CancellationToken cancellationToken)
        where TEntity : class
    {
        var recorder = new CommandRecorder();
        var (_, _, request) = Prepare(roots, options, recorder);
        var (tables, inserts) = await new SetModeOperation(request, cancellationToken).PreviewStatementsAsync().ConfigureAwait(false);
        return (request.Plan, tables, [.. recorder.Statements, .. inserts]);
    }

    /// <summary>Plans the clone of the query's roots and has EF translate every query it needs (roots, filters, computed values).</summary>
    private static (DbContext Context, Microsoft.EntityFrameworkCore.Metadata.IEntityType EntityType, SetModeRequest Request) Prepare<TEntity>(
        IQueryable<TEntity> roots, CloneOptions options, CommandRecorder? recorder)
        where TEntity : class
    {
        var context = QueryContext.Of(roots);
        var entityType = context.Model.FindEntityType(typeof(TEntity))
            ?? throw new CloneException($"The type '{typeof(TEntity).Name}' is not an entity type of the model of '{context.GetType().Name}': only queries of the context's entities can be cloned.");
        var schema = EfModelSchemaReader.Read(context);
        var root = schema.FindEntity(entityType.Name)!;
        if (root.NotCopyableInSetModeReason is { } reason)
        {
            // Said before planning, whose complaints (such as a key the database does not make) would miss the point.
            throw new CloneException(
                $"Set mode cannot copy '{root.DisplayName}': {reason}, which cannot take inserts. Use object mode (CloneAsync / CloneAndSaveAsync) on a mapped entity type.");
        }

        var plan = ClonePlanner.Create(schema, root, options);
        CommitHooks.RefuseDerived(context, plan.Nodes.Where(n => n.MapsKeysForHooks).Select(n => n.Entity.Name));

        var rootSelection = Selection(KeyQuery(roots, entityType.FindPrimaryKey()!));
        var filters = new Dictionary<GraphEntity, RootSelection>();
        if (!plan.IgnoreQueryFilters)
        {
            foreach (var node in plan.Nodes.Where(n => n.Entity.HasQueryFilter))
            {
                // The keys EF's own query of the set returns, its filters applied (with their parameters, such as a tenant).
                var filtered = context.Model.FindEntityType(node.Entity.Name)!;
                filters[node.Entity] = Selection((IQueryable)SetMethod.MakeGenericMethod(filtered.ClrType).Invoke(null, [context, filtered])!);
            }
        }

        var edgeFilters = new Dictionary<PlanEdge, RootSelection>();
        foreach (var edge in plan.Edges.Where(e => e.Filter is not null))
        {
            edgeFilters[edge] = Selection(FilteredKeys(context, edge, plan.IgnoreQueryFilters));
        }

        var request = new SetModeRequest(
            context.Database.GetDbConnection(),
            context.Database.ProviderName ?? string.Empty,
            context.GetService<ISqlGenerationHelper>(),
            plan,
            rootSelection)
        {
            RowFilters = filters,
            EdgeFilters = edgeFilters,
            ComputedValues = ComputedValueQueries.Translate(context, plan),
            CommandObserver = recorder is null ? new EfCommandLog(context) : recorder.Around(new EfCommandLog(context)),
            Transaction = context.Database.CurrentTransaction?.GetDbTransaction(),
            CommandTimeout = context.Database.GetCommandTimeout(),
        };
        return (context, entityType, request);
    }

    private static readonly MethodInfo SetMethod = typeof(SetModeCloner).GetMethod(nameof(KeysOf), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static IQueryable KeysOf<TEntity>(DbContext context, Microsoft.EntityFrameworkCore.Metadata.IEntityType entityType)
        where TEntity : class
        => KeyQuery(entityType.HasSharedClrType ? context.Set<TEntity>(entityType.Name) : context.Set<TEntity>(), entityType.FindPrimaryKey()!);

    private static readonly MethodInfo FilteredMethod = typeof(SetModeCloner).GetMethod(nameof(FilteredKeysOf), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>The keys of the rows a filtered include lets through, as EF's own query of the navigation's type selects them.</summary>
    private static IQueryable FilteredKeys(DbContext context, PlanEdge edge, bool ignoreQueryFilters)
    {
        var filter = FilterExpressions.ForEdge(context, edge, ignoreQueryFilters);
        var reached = context.Model.FindEntityType(edge.To.Entity.Name)!;
        var elementType = reached.HasSharedClrType ? reached : context.Model.FindEntityType(filter.Parameters[0].Type)
            ?? throw new CloneException($"The filter '{filter}' of the include '{edge.From.Entity.DisplayName}.{edge.Navigation}' is written for '{filter.Parameters[0].Type.Name}', which is not an entity type of the model.");
        return (IQueryable)FilteredMethod.MakeGenericMethod(elementType.ClrType).Invoke(null, [context, elementType, filter, reached.FindPrimaryKey()!, ignoreQueryFilters])!;
    }

    private static IQueryable FilteredKeysOf<TEntity>(DbContext context, Microsoft.EntityFrameworkCore.Metadata.IEntityType entityType, LambdaExpression filter, Microsoft.EntityFrameworkCore.Metadata.IKey key, bool ignoreQueryFilters)
        where TEntity : class
    {
        IQueryable<TEntity> set = entityType.HasSharedClrType ? context.Set<TEntity>(entityType.Name) : context.Set<TEntity>();
        if (ignoreQueryFilters)
        {
            set = set.IgnoreQueryFilters();
        }

        return KeyQuery(set.Where((Expression<Func<TEntity, bool>>)filter), key);
    }

    /// <summary>A query's SQL and parameters as EF makes them, to run inside set mode's own statements.</summary>
    private static RootSelection Selection(IQueryable query)
    {
        using var command = query.CreateDbCommand();
        var parameters = command.Parameters.Cast<System.Data.Common.DbParameter>().ToList();
        command.Parameters.Clear();
        return new RootSelection(command.CommandText, parameters);
    }

    /// <summary>
    /// The roots' key columns only, as EF translates them: a scalar projection for one column, a member-init of
    /// <see cref="KeyRow{T0, T1, T2, T3}"/> for several, so that EF selects exactly those columns in key order.
    /// </summary>
    private static IQueryable KeyQuery<TEntity>(IQueryable<TEntity> roots, Microsoft.EntityFrameworkCore.Metadata.IKey key)
    {
        var parameter = Expression.Parameter(typeof(TEntity), "e");
        var values = key.Properties
            .Select(p => (Expression)Expression.Call(PropertyMethod.MakeGenericMethod(p.ClrType), parameter, Expression.Constant(p.Name)))
            .ToList();
        if (values.Count > 4)
        {
            throw new CloneException($"Set mode supports keys of up to 4 columns; '{key.DeclaringEntityType.DisplayName()}' has {values.Count}.");
        }

        Expression body;
        if (values.Count == 1)
        {
            body = values[0];
        }
        else
        {
            var types = values.Select(v => v.Type).Concat(Enumerable.Repeat(typeof(bool), 4 - values.Count)).ToArray();
            var rowType = typeof(KeyRow<,,,>).MakeGenericType(types);
            body = Expression.MemberInit(
                Expression.New(rowType),
                values.Select((v, i) => Expression.Bind(rowType.GetProperty($"K{i}")!, v)));
        }

        var select = typeof(Queryable).GetMethods()
            .First(m => m.Name == nameof(Queryable.Select) && m.GetParameters()[1].ParameterType.GetGenericArguments()[0].GetGenericArguments().Length == 2)
            .MakeGenericMethod(typeof(TEntity), body.Type);
        return (IQueryable)select.Invoke(null, [roots, Expression.Lambda(body, parameter)])!;
    }

    /// <summary>Counts the rows a planned clone would copy per node, writing nothing (the tool's plan preview).</summary>
    public static Task<IReadOnlyDictionary<PlanNode, long>> PreviewAsync(SetModeRequest request, CancellationToken cancellationToken)
        => new SetModeOperation(request, cancellationToken).PreviewAsync();

    /// <summary>Runs a planned clone on a connection; used by <c>ExecuteCloneAsync</c> and by the tool.</summary>
    public static Task<CloneResult> ExecuteAsync(SetModeRequest request, CancellationToken cancellationToken)
        => new SetModeOperation(request, cancellationToken).ExecuteAsync();
}

/// <summary>A composite key's columns, projected by EF in this order.</summary>
internal sealed class KeyRow<T0, T1, T2, T3>
{
    public T0 K0 { get; set; } = default!;

    public T1 K1 { get; set; } = default!;

    public T2 K2 { get; set; } = default!;

    public T3 K3 { get; set; } = default!;
}
