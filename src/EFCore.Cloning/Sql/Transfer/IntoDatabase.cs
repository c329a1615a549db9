using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using EFCore.Cloning.Internal;
using EFCore.Cloning.Planning;
using EFCore.Cloning.Schema;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace EFCore.Cloning.Sql.Transfer;

/// <summary>
/// <c>Into(target)</c>: a clone whose originals are read from the source context's database and whose copies are
/// written into the target context's, through <see cref="CrossDatabaseTransfer"/> (the rows selected as a clone would,
/// staged on the target, then set mode on the target) in the target's transaction. Both engines come here: object mode
/// selects its one root by key from the source database, then finds the saved copy in the target context.
/// </summary>
internal static class IntoDatabase
{
    private static readonly System.Reflection.MethodInfo PropertyMethod = typeof(EF).GetMethod(nameof(EF.Property))!;

    /// <summary>Set mode: copies what <paramref name="source"/> (a request over the source context) selects into <see cref="CloneOptions.Into"/>.</summary>
    public static async Task<CloneResult> RunAsync(DbContext context, SetModeRequest source, CloneOptions options, CancellationToken cancellationToken)
    {
        var target = options.Into!;
        Validate(context, target);
        RefuseEntityWork(source.Plan);
        var schema = EfModelSchemaReader.Read(target);
        var root = schema.FindEntity(source.Plan.Root.Entity.Name)
            ?? throw new CloneException($"Into(target): the model of the target '{target.GetType().Name}' has no entity type '{source.Plan.Root.Entity.DisplayName}'.");
        var plan = ClonePlanner.Create(schema, root, options);
        var targetProvider = target.Database.ProviderName ?? string.Empty;
        var targetHelper = target.GetService<ISqlGenerationHelper>();
        var request = new SetModeRequest(target.Database.GetDbConnection(), targetProvider, targetHelper, plan, new RootSelection(string.Empty, []))
        {
            CommandTimeout = target.Database.GetCommandTimeout(),
        };

        var sourceIsSqlite = source.ProviderName == SqlDialects.Sqlite;
        var targetIsSqlite = targetProvider == SqlDialects.Sqlite;
        var values = new TargetValues(targetIsSqlite);
        var principals = new MissingPrincipals(
            source.Plan,
            plan,
            SqlDialects.For(source.ProviderName, source.SqlGenerationHelper),
            SqlDialects.For(targetProvider, targetHelper),
            sourceIsSqlite,
            targetIsSqlite,
            options.CopyMissingPrincipals);
        var hooks = new TransferHooks { Casts = values.Casts, Rewrite = values.Rewrite, BeforeCopy = principals.RunAsync };
        return await CrossDatabaseTransfer.RunAsync(
            source,
            request,
            null,
            cancellationToken,
            hooks,
            source.Transaction,
            target.Database.CurrentTransaction?.GetDbTransaction()).ConfigureAwait(false);
    }

    /// <summary>
    /// Object mode: the row of <paramref name="entity"/>'s key in the source context's database (never the entity's
    /// unsaved values, nor rows of the context it may be tracked by) is copied into the target, and the copy of the root
    /// is returned tracked (Unchanged) by the target context.
    /// </summary>
    public static async Task<CloneResult<TEntity>> CloneAndSaveAsync<TEntity>(DbContext source, TEntity entity, CloneOptions options, CancellationToken cancellationToken)
        where TEntity : class
    {
        var target = options.Into!;
        Validate(source, target);
        var entityType = source.Model.FindEntityType(typeof(TEntity))
            ?? throw new CloneException($"The type '{typeof(TEntity).Name}' is not an entity type of the model of '{source.GetType().Name}': only entities of the context's model can be cloned.");
        if (target.Entry(entity).State != EntityState.Detached)
        {
            throw new CloneException(
                $"Into(target): the '{entityType.DisplayName()}' to clone is tracked by the target context. Call CloneAndSaveAsync on the context of the database it was read from, "
                + "and pass the target to Into: the original is read from that context's database only.");
        }

        var entry = source.Entry(entity);
        if (entry.State == EntityState.Added)
        {
            throw new CloneException($"The '{entityType.DisplayName()}' to clone is not saved yet (it is tracked as Added): save it with SaveChanges before cloning it.");
        }

        var key = entityType.FindPrimaryKey()!;
        var values = key.Properties.Select(p => entry.Property(p.Name).CurrentValue).ToArray();
        var roots = ByKey(source.Set<TEntity>(), key, values).IgnoreQueryFilters();
        if (!await roots.AnyAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new CloneException(
                $"Into(target): the source database has no '{entityType.DisplayName()}' row with {string.Join(", ", key.Properties.Select(p => p.Name))} = {string.Join(", ", values)}. "
                + "The original is read from the database of the context CloneAndSaveAsync is called on: call it on the context the entity was read from.");
        }

        var result = await SetModeCloner.ExecuteAsync(roots, options, cancellationToken).ConfigureAwait(false);
        var copyKey = result.Roots.Single().Copy.Select((v, i) => ValueConversion.ToClr(v, key.Properties[i].ClrType)).ToArray();
        var copy = (TEntity?)await target.FindAsync(entityType.ClrType, copyKey, cancellationToken).ConfigureAwait(false)
            ?? throw new CloneException($"Into(target): the copy of '{entityType.DisplayName()}' was written but the target context cannot find it by its key {string.Join(", ", copyKey)} (a query filter of the target?).");
        return new CloneResult<TEntity>(copy, result.Tables, result.Roots, result.Rows, result.Elapsed);
    }

    /// <summary>The target must be another context of the same model, on another database, of a provider set mode speaks.</summary>
    private static void Validate(DbContext source, DbContext target)
    {
        if (ReferenceEquals(source, target))
        {
            throw new CloneException("Into(target) was given the context the clone is called on: leave Into out to copy within one database.");
        }

        if (source.GetType() != target.GetType())
        {
            throw new CloneException(
                $"Into(target) needs a context of the same model: the clone is called on a '{source.GetType().Name}', the target is a '{target.GetType().Name}'. Create a '{source.GetType().Name}' on the target database.");
        }

        var connection = source.Database.GetDbConnection();
        if (ReferenceEquals(connection, target.Database.GetDbConnection())
            || (source.Database.ProviderName == target.Database.ProviderName
                && connection.DataSource is { Length: > 0 } and not ":memory:"
                && string.Equals(connection.ConnectionString, target.Database.GetDbConnection().ConnectionString, StringComparison.Ordinal)))
        {
            throw new CloneException("Into(target): the target context uses the same database as the source: leave Into out to copy within one database.");
        }

        foreach (var context in new[] { source, target })
        {
            _ = SqlDialects.For(context.Database.ProviderName ?? string.Empty, context.GetService<ISqlGenerationHelper>());
        }
    }

    /// <summary>
    /// A copy into another database is made inside the databases in both engines: said here, naming Into, for what only
    /// entities can do (the set-mode engine's own messages would advise object mode, which Into also runs this way).
    /// </summary>
    private static void RefuseEntityWork(ClonePlan plan)
    {
        foreach (var node in plan.Nodes)
        {
            if (node.Entity.SelfAndDerived().SelectMany(e => e.SelfAndBases()).FirstOrDefault(e => e.EntityHooks.Count > 0) is { } hooked)
            {
                throw new CloneException(
                    $"Into(target): '{hooked.DisplayName}' has clone hooks ({string.Join(", ", hooked.EntityHooks)}) in the model, and a copy into another database is made inside the databases "
                    + "(in both engines), without entities to run them on. Clone without Into, or give the hook's effect as Set(...) constants.");
            }

            if (node.Values.All.FirstOrDefault(v => v.Value.Kind == PlanValueKind.Computed) is { Property: { } property })
            {
                throw new CloneException(
                    $"Into(target): '{property}' gets a value computed from the original (Set with a function), which a copy into another database, made inside the databases "
                    + "in both engines, cannot run. Give a constant with Set(e => e.Property, value).");
            }
        }
    }

    /// <summary><c>roots.Where(e =&gt; EF.Property(e, "Id") == value ...)</c>, each value a captured variable so that EF sends it as a parameter.</summary>
    private static IQueryable<TEntity> ByKey<TEntity>(IQueryable<TEntity> roots, Microsoft.EntityFrameworkCore.Metadata.IKey key, object?[] values)
    {
        var parameter = Expression.Parameter(typeof(TEntity), "e");
        Expression? body = null;
        for (var i = 0; i < values.Length; i++)
        {
            var property = key.Properties[i];
            var box = Activator.CreateInstance(typeof(StrongBox<>).MakeGenericType(property.ClrType), values[i])!;
            var value = Expression.Field(Expression.Constant(box), nameof(StrongBox<object>.Value));
            var column = Expression.Call(PropertyMethod.MakeGenericMethod(property.ClrType), parameter, Expression.Constant(property.Name));
            var equal = Expression.Equal(column, value);
            body = body is null ? equal : Expression.AndAlso(body, equal);
        }

        return roots.Where(Expression.Lambda<Func<TEntity, bool>>(body!, parameter));
    }
}
