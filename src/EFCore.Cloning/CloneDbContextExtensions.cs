using EFCore.Cloning;
using EFCore.Cloning.Internal;
using EFCore.Cloning.Objects;

// In EF's namespace so that the methods appear on DbContext where users already type.
namespace Microsoft.EntityFrameworkCore;

/// <summary>Object-mode cloning: copies of entities made through the change tracker.</summary>
public static class CloneDbContextExtensions
{
    /// <summary>
    /// Makes a copy of <paramref name="entity"/> (and of whatever the options and the model clone with it), tracked as
    /// <c>Added</c>: the next <c>SaveChanges</c> inserts it as new rows with new keys. The original is not modified.
    /// The entity may be tracked by this context, detached, or from another context; what the plan needs and is not
    /// loaded is loaded.
    /// </summary>
    /// <typeparam name="TEntity">The entity's type.</typeparam>
    /// <param name="context">The context that tracks the copy.</param>
    /// <param name="entity">The entity to copy; it must be saved already.</param>
    /// <param name="configure">Per-call options, such as <c>o =&gt; o.Aggregate().Set(p =&gt; p.Name, "Copy")</c>.</param>
    /// <param name="cancellationToken">Cancels loading.</param>
    /// <returns>The copy of <paramref name="entity"/>.</returns>
    public static async Task<TEntity> CloneAsync<TEntity>(
        this DbContext context,
        TEntity entity,
        Action<CloneOptionsBuilder<TEntity>>? configure = null,
        CancellationToken cancellationToken = default)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(entity);
        var operation = await CloneInstrumentation.RunAsync(
            context,
            ObjectEngine,
            entity.GetType(),
            () => ObjectCloner.CloneAsync(context, entity, ConfigureTracked(context, configure), cancellationToken),
            o => o.CountTables()).ConfigureAwait(false);
        return (TEntity)operation.RootCopy;
    }

    /// <summary>The synchronous form of <see cref="CloneAsync{TEntity}"/>.</summary>
    /// <typeparam name="TEntity">The entity's type.</typeparam>
    /// <param name="context">The context that tracks the copy.</param>
    /// <param name="entity">The entity to copy; it must be saved already.</param>
    /// <param name="configure">Per-call options.</param>
    /// <returns>The copy of <paramref name="entity"/>, tracked as <c>Added</c>.</returns>
    public static TEntity Clone<TEntity>(this DbContext context, TEntity entity, Action<CloneOptionsBuilder<TEntity>>? configure = null)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(entity);
        // Synchronous throughout: every awaited task completes synchronously, the instrumentation's too.
        var operation = CloneInstrumentation.RunAsync(
                context,
                ObjectEngine,
                entity.GetType(),
                () => ObjectCloner.CloneAsync(context, entity, ConfigureTracked(context, configure), CancellationToken.None, synchronous: true),
                o => o.CountTables())
            .GetAwaiter().GetResult();
        return (TEntity)operation.RootCopy;
    }

    /// <summary>
    /// Copies <paramref name="entity"/> as <see cref="CloneAsync{TEntity}"/> does and saves the copies in one transaction
    /// (the caller's, when one is open), with unique values made unique safely when clones race, then runs the
    /// <c>OnCloned</c> hooks. Nothing is written if anything fails.
    /// </summary>
    /// <typeparam name="TEntity">The entity's type.</typeparam>
    /// <param name="context">The context to save through.</param>
    /// <param name="entity">The entity to copy; it must be saved already.</param>
    /// <param name="configure">Per-call options.</param>
    /// <param name="cancellationToken">Cancels the operation; nothing is then written.</param>
    /// <returns>The saved copy, rows inserted per table, and the original-to-copy keys.</returns>
    public static Task<CloneResult<TEntity>> CloneAndSaveAsync<TEntity>(
        this DbContext context,
        TEntity entity,
        Action<CloneOptionsBuilder<TEntity>>? configure = null,
        CancellationToken cancellationToken = default)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(entity);
        return CloneInstrumentation.RunAsync(
            context,
            ObjectEngine,
            entity.GetType(),
            () => Configure(context, configure) is var options && options.Into is not null
                ? EFCore.Cloning.Sql.Transfer.IntoDatabase.CloneAndSaveAsync(context, entity, options, cancellationToken)
                : ObjectCloner.CloneAndSaveAsync(context, entity, options, cancellationToken),
            r => r.Tables);
    }

    private const string ObjectEngine = "object";

    /// <summary>The options of a clone that only tracks its copies: <c>Into</c> writes, so it needs <c>CloneAndSaveAsync</c>.</summary>
    private static CloneOptions ConfigureTracked<TEntity>(DbContext context, Action<CloneOptionsBuilder<TEntity>>? configure)
        where TEntity : class
        => Configure(context, configure) is var options && options.Into is not null
            ? throw new CloneException("Into(target) writes the copies into the other database itself: use CloneAndSaveAsync (or ExecuteCloneAsync), not CloneAsync, which only tracks copies in its own context.")
            : options;

    private static CloneOptions Configure<TEntity>(DbContext context, Action<CloneOptionsBuilder<TEntity>>? configure)
        where TEntity : class
    {
        var options = CloneDefaults.NewOptions(context);
        configure?.Invoke(new CloneOptionsBuilder<TEntity>(options));
        return options;
    }
}
