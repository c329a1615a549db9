using System.Linq.Expressions;
using EFCore.Cloning;
using EFCore.Cloning.Internal;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Microsoft.EntityFrameworkCore;

/// <summary>Hooks (Django's signals) and guards of the clone configuration, per entity type.</summary>
public static partial class CloneModelBuilderExtensions
{
    /// <summary>
    /// Refuses to clone a root of <typeparamref name="TEntity"/> that fails <paramref name="condition"/>, such as
    /// <c>b.HasCloneGuard(s =&gt; !s.IsArchived, "archived surveys cannot be copied")</c>: checked before anything is
    /// written, in both engines (set mode has EF translate the condition and checks every root the query selects); the
    /// caller gets a <see cref="CloneRefusedException"/> with the reason and the root.
    /// </summary>
    /// <typeparam name="TEntity">The entity type.</typeparam>
    /// <param name="builder">The entity type's builder.</param>
    /// <param name="condition">What a root must satisfy to be cloned.</param>
    /// <param name="reason">Why a root that fails it may not be cloned, in words a user can be shown.</param>
    public static EntityTypeBuilder<TEntity> HasCloneGuard<TEntity>(this EntityTypeBuilder<TEntity> builder, Expression<Func<TEntity, bool>> condition, string reason)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var compiled = condition.Compile();
        Hooks(builder).Guards.Add(new CloneGuard(condition, original => compiled((TEntity)original), reason));
        return builder;
    }

    /// <summary>
    /// Runs <paramref name="hook"/> once per clone operation, after it committed, with the original-to-copy keys of
    /// every copied row of <typeparamref name="TEntity"/> (derived types included): for work that must follow the copy,
    /// such as a search index, a cache or files. Both engines run it (set mode on the hierarchy's root type only).
    /// </summary>
    /// <typeparam name="TEntity">The entity type.</typeparam>
    /// <param name="builder">The entity type's builder.</param>
    /// <param name="hook">Receives the key mappings.</param>
    public static EntityTypeBuilder<TEntity> OnCloneCommitted<TEntity>(this EntityTypeBuilder<TEntity> builder, Action<IReadOnlyList<KeyMapping>> hook)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(hook);
        Hooks(builder).Committed.Add((keys, _) =>
        {
            hook(keys);
            return Task.CompletedTask;
        });
        return builder;
    }

    /// <summary>
    /// Awaits <paramref name="hook"/> once per clone operation, after it committed, with the original-to-copy keys of
    /// every copied row of <typeparamref name="TEntity"/> and the operation's cancellation token. Both engines.
    /// </summary>
    /// <typeparam name="TEntity">The entity type.</typeparam>
    /// <param name="builder">The entity type's builder.</param>
    /// <param name="hook">Receives the key mappings and the cancellation token.</param>
    public static EntityTypeBuilder<TEntity> OnCloneCommittedAsync<TEntity>(this EntityTypeBuilder<TEntity> builder, Func<IReadOnlyList<KeyMapping>, CancellationToken, Task> hook)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(hook);
        Hooks(builder).Committed.Add(hook);
        return builder;
    }

    /// <summary>
    /// Runs <paramref name="hook"/> for each copy of <typeparamref name="TEntity"/> before it is saved, with the original
    /// and the copy; the hook may change the copy, or refuse the clone by throwing <see cref="CloneRefusedException"/> (nothing is then
    /// written). Object mode only: set mode refuses a type with it, naming the forms it runs (SetOnClone, HasCloneGuard,
    /// OnCloneCommitted).
    /// </summary>
    /// <typeparam name="TEntity">The entity type.</typeparam>
    /// <param name="builder">The entity type's builder.</param>
    /// <param name="hook">Receives (original, copy).</param>
    public static EntityTypeBuilder<TEntity> OnCloning<TEntity>(this EntityTypeBuilder<TEntity> builder, Action<TEntity, TEntity> hook)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(hook);
        Hooks(builder).BeforeSave.Add((original, copy) => hook((TEntity)original, (TEntity)copy));
        return builder;
    }

    /// <summary>
    /// Runs <paramref name="hook"/> for each copy of <typeparamref name="TEntity"/> after the clone is saved (by
    /// <c>CloneAndSaveAsync</c>), with the original and the copy, which then has its new key. Object mode only.
    /// </summary>
    /// <typeparam name="TEntity">The entity type.</typeparam>
    /// <param name="builder">The entity type's builder.</param>
    /// <param name="hook">Receives (original, copy).</param>
    public static EntityTypeBuilder<TEntity> OnCloned<TEntity>(this EntityTypeBuilder<TEntity> builder, Action<TEntity, TEntity> hook)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(hook);
        Hooks(builder).AfterSave.Add((original, copy) => hook((TEntity)original, (TEntity)copy));
        return builder;
    }

    /// <summary>
    /// Awaits <paramref name="hook"/> for each copy of <typeparamref name="TEntity"/> before it is saved (after the
    /// <c>OnCloning</c> hooks), with the original, the copy and the operation's cancellation token; the hook may change
    /// the copy, and an exception it throws cancels the clone before anything is written. Object mode only.
    /// </summary>
    /// <typeparam name="TEntity">The entity type.</typeparam>
    /// <param name="builder">The entity type's builder.</param>
    /// <param name="hook">Receives (original, copy, cancellationToken).</param>
    public static EntityTypeBuilder<TEntity> OnCloningAsync<TEntity>(this EntityTypeBuilder<TEntity> builder, Func<TEntity, TEntity, CancellationToken, Task> hook)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(hook);
        Hooks(builder).BeforeSaveAsync.Add((original, copy, ct) => hook((TEntity)original, (TEntity)copy, ct));
        return builder;
    }

    /// <summary>
    /// Awaits <paramref name="hook"/> for each copy of <typeparamref name="TEntity"/> after <c>CloneAndSaveAsync</c>
    /// committed (after the <c>OnCloned</c> hooks), with the original, the copy (which has its new key) and the
    /// operation's cancellation token. Object mode only.
    /// </summary>
    /// <typeparam name="TEntity">The entity type.</typeparam>
    /// <param name="builder">The entity type's builder.</param>
    /// <param name="hook">Receives (original, copy, cancellationToken).</param>
    public static EntityTypeBuilder<TEntity> OnClonedAsync<TEntity>(this EntityTypeBuilder<TEntity> builder, Func<TEntity, TEntity, CancellationToken, Task> hook)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(hook);
        Hooks(builder).AfterSaveAsync.Add((original, copy, ct) => hook((TEntity)original, (TEntity)copy, ct));
        return builder;
    }

    private static CloneHooks Hooks(EntityTypeBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Metadata.FindAnnotation(CloneAnnotationNames.Hooks)?.Value is CloneHooks hooks)
        {
            return hooks;
        }

        hooks = new CloneHooks();
        builder.HasAnnotation(CloneAnnotationNames.Hooks, hooks);
        return hooks;
    }
}
