using System.Diagnostics;
using EFCore.Cloning.Internal;
using EFCore.Cloning.Planning;
using EFCore.Cloning.Schema;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace EFCore.Cloning.Objects;

/// <summary>Object mode: plans, loads the originals, makes the copies as Added entities, and (on request) saves them.</summary>
internal static class ObjectCloner
{
    public static async Task<ObjectCloneOperation> CloneAsync(
        DbContext context,
        object entity,
        CloneOptions options,
        CancellationToken cancellationToken,
        bool synchronous = false)
    {
        if (options.DryRun)
        {
            throw new CloneException("DryRun() applies to CloneAndSaveAsync and ExecuteCloneAsync; CloneAsync writes nothing until your SaveChanges, so look at the copies it returns instead.");
        }

        var plan = Plan(context, entity, options, out var entityType);
        return await CloneAsync(context, entity, entityType, plan, synchronous, cancellationToken).ConfigureAwait(false);
    }

    public static async Task<CloneResult<TEntity>> CloneAndSaveAsync<TEntity>(
        DbContext context,
        TEntity entity,
        CloneOptions options,
        CancellationToken cancellationToken)
        where TEntity : class
    {
        var stopwatch = Stopwatch.StartNew();
        var plan = Plan(context, entity, options, out var entityType);
        if (options.DryRun)
        {
            return await DryRunAsync<TEntity>(context, entity, entityType, plan, stopwatch, cancellationToken).ConfigureAwait(false);
        }

        var clean = PendingChanges.Refuse(context);

        if (context.Database.CurrentTransaction is { } callers)
        {
            // Inside the caller's transaction: a savepoint, so that a failure undoes the clone and leaves their work usable.
            var savepoint = $"efcore_cloning_{Guid.NewGuid():N}";
            await callers.CreateSavepointAsync(savepoint, cancellationToken).ConfigureAwait(false);
            ObjectCloneOperation operation;
            try
            {
                operation = await CloneAndSaveInTransactionAsync(context, entity, entityType, plan, clean, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await RollbackQuietlyAsync(callers, savepoint).ConfigureAwait(false);
                throw;
            }

            await callers.ReleaseSavepointAsync(savepoint, cancellationToken).ConfigureAwait(false);
            return await FinishAsync<TEntity>(context, operation, plan, stopwatch, cancellationToken).ConfigureAwait(false);
        }

        // The execution strategy retries the whole operation on transient failures (copies are untracked after each failed try).
        var strategy = context.Database.CreateExecutionStrategy();
        var saved = await strategy.ExecuteAsync(
            async ct =>
            {
                await using var transaction = await context.Database.BeginTransactionAsync(ct).ConfigureAwait(false);
                var operation = await CloneAndSaveInTransactionAsync(context, entity, entityType, plan, clean, ct).ConfigureAwait(false);
                try
                {
                    await transaction.CommitAsync(ct).ConfigureAwait(false);
                }
                catch
                {
                    operation.Untrack();
                    throw;
                }

                return operation;
            },
            cancellationToken).ConfigureAwait(false);
        return await FinishAsync<TEntity>(context, saved, plan, stopwatch, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Loads and builds the copies as a clone would, counts them per table, and untracks them again: nothing is saved.</summary>
    private static async Task<CloneResult<TEntity>> DryRunAsync<TEntity>(DbContext context, object entity, IEntityType entityType, ClonePlan plan, Stopwatch stopwatch, CancellationToken cancellationToken)
        where TEntity : class
    {
        var operation = await CloneAsync(context, entity, entityType, plan, synchronous: false, cancellationToken).ConfigureAwait(false);
        var tables = operation.CountTables();
        operation.Untrack();
        return new CloneResult<TEntity>((TEntity)operation.RootCopy, tables, [], null, stopwatch.Elapsed) { IsDryRun = true };
    }

    private static async Task RollbackQuietlyAsync(Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction, string savepoint)
    {
        try
        {
            await transaction.RollbackToSavepointAsync(savepoint, CancellationToken.None).ConfigureAwait(false);
        }
        catch (System.Data.Common.DbException)
        {
            // A broken connection has rolled the whole transaction back already.
        }
        catch (InvalidOperationException)
        {
        }
    }

    private static async Task<ObjectCloneOperation> CloneAndSaveInTransactionAsync(
        DbContext context,
        object entity,
        IEntityType entityType,
        ClonePlan plan,
        bool contextWasClean,
        CancellationToken cancellationToken)
    {
        var lockNames = plan.Nodes.SelectMany(n => n.Uniques).Select(u => u.LockName).ToList();
        await UniqueValueLock.AcquireAsync(context, lockNames, synchronous: false, cancellationToken).ConfigureAwait(false);
        var operation = await CloneAsync(context, entity, entityType, plan, synchronous: false, cancellationToken, reserveKeys: true, contextWasClean).ConfigureAwait(false);
        using var progress = plan.Progress is { } report ? new SaveProgress(context, report, operation.CountTables()) : null;
        try
        {
            // The library's own inserts where they are exactly what SaveChanges would write (see DirectSave), else EF's.
            var saved = false;
            operation.ReservedKeys?.KeyTheRest(context);
            if (DirectSave.Enabled && DirectSave.TryCreate(context, plan, operation.Values, operation.CopiesInOrder, contextWasClean) is { } direct)
            {
                try
                {
                    // The copies it leaves (owners of owned collections, ...) go to SaveChanges below, pointing at those it inserted.
                    saved = await direct.SaveAsync(cancellationToken).ConfigureAwait(false) && !direct.LeavesCopiesToSaveChanges;
                }
                catch (System.Data.Common.DbException exception)
                {
                    // What SaveChanges throws for the same failure, so that callers catching EF's exception keep working.
                    throw new DbUpdateException("An error occurred while saving the entity changes. See the inner exception for details.", exception);
                }
            }

            if (!saved)
            {
                try
                {
                    await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (InvalidOperationException exception) when (exception.Message.Contains("circular dependency", StringComparison.Ordinal))
                {
                    // EF found the cycle while ordering the inserts, before sending any: save in two steps instead.
                    await operation.SaveBreakingCyclesAsync(context, cancellationToken).ConfigureAwait(false);
                }
            }

            await operation.ApplySentinelFixupsAsync(context, cancellationToken).ConfigureAwait(false);
            await operation.LoadLinkTargetsAsync(context, cancellationToken).ConfigureAwait(false);
            progress?.Complete();

            // A cancellation asked for while the last rows were saved stops the clone before it commits.
            cancellationToken.ThrowIfCancellationRequested();
        }
        catch
        {
            operation.Untrack();
            throw;
        }

        return operation;
    }

    private static async Task<CloneResult<TEntity>> FinishAsync<TEntity>(DbContext context, ObjectCloneOperation operation, ClonePlan plan, Stopwatch stopwatch, CancellationToken cancellationToken)
        where TEntity : class
    {
        await operation.RunAfterSaveHooksAsync(cancellationToken).ConfigureAwait(false);
        await CommitHooks.RunAsync(operation.Rows, r => r.EntityType, operation.Map, cancellationToken).ConfigureAwait(false);
        var tables = operation.CountTables();

        return new CloneResult<TEntity>(
            (TEntity)operation.RootCopy,
            tables,
            [operation.Map(operation.Root)],
            plan.MapAllRows ? operation.Rows.Select(operation.Map).ToList() : null,
            stopwatch.Elapsed);
    }

    private static async Task<ObjectCloneOperation> CloneAsync(
        DbContext context,
        object entity,
        IEntityType entityType,
        ClonePlan plan,
        bool synchronous,
        CancellationToken cancellationToken,
        bool reserveKeys = false,
        bool contextWasClean = false)
    {
        var loader = new GraphLoader(context, plan, synchronous, cancellationToken);
        var root = await loader.LoadRootAsync(entity, entityType).ConfigureAwait(false);
        CloneGuards.Check(root.EntityType, root.Instance, root.Key.Values);
        await loader.LoadGraphAsync().ConfigureAwait(false);

        CopyBuilder? copies = null;
        var uniques = new UniqueValueAssigner(context, synchronous, cancellationToken, entity => copies!.IsCopy(entity));
        var builder = copies = new CopyBuilder(context, plan, loader, uniques)
        {
            // CloneAndSaveAsync on a clean context: the direct save will insert these copies, with the keys they are built with.
            ReservedKeys = reserveKeys ? await KeyReservation.ReserveAsync(context, plan, loader.NodeRows, contextWasClean, cancellationToken).ConfigureAwait(false) : null,
        };
        var operation = new ObjectCloneOperation(root, loader.NodeRows.Values.SelectMany(r => r).ToList(), builder);
        // Each Entry() would otherwise scan the navigations of the entity it names (a root's collection of thousands of
        // copies, once per child: quadratic); the changes are detected once, after the build and the hooks.
        var autoDetect = context.ChangeTracker.AutoDetectChangesEnabled;
        context.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            await builder.BuildAsync().ConfigureAwait(false);
            await operation.RunBeforeSaveHooksAsync(cancellationToken).ConfigureAwait(false);
            context.ChangeTracker.DetectChanges();
        }
        catch
        {
            operation.Untrack();
            throw;
        }
        finally
        {
            context.ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }

        return operation;
    }

    private static ClonePlan Plan(DbContext context, object entity, CloneOptions options, out IEntityType entityType)
    {
        if (options.Copies != 1)
        {
            throw new CloneException(
                $"Copies({options.Copies}) is a set-mode option: use ExecuteCloneAsync on a query to make several copies in one operation, or call CloneAsync once per copy.");
        }

        entityType = EntityTypeOf(context, entity);
        var schema = EfModelSchemaReader.Read(context);
        return ClonePlanner.Create(schema, schema.FindEntity(entityType.Name)!, options);
    }

    private static IEntityType EntityTypeOf(DbContext context, object entity)
    {
        var entityType = context.Model.FindRuntimeEntityType(entity.GetType());
        if (entityType is null || entityType.IsOwned())
        {
            throw new CloneException(entityType is null
                ? $"The type '{entity.GetType().Name}' is not an entity type of the model of '{context.GetType().Name}': only entities of the context's model can be cloned."
                : $"The entity type '{entityType.DisplayName()}' is owned: it cannot be cloned on its own. Clone its owner, which copies it.");
        }

        return entityType;
    }
}
