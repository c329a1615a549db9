using System.Linq.Expressions;
using EFCore.Cloning.Internal;

namespace EFCore.Cloning;

/// <summary>Returned by <see cref="CloneOptionsBuilder{TEntity}.Include{TProperty}"/>; <c>ThenInclude</c> clones the next level.</summary>
/// <typeparam name="TEntity">The entity type the options are for.</typeparam>
/// <typeparam name="TProperty">The type of the navigation just included (an entity or a collection of them).</typeparam>
public interface IIncludableCloneOptionsBuilder<TEntity, out TProperty>
    where TEntity : class
{
    /// <summary>The builder the includes are recorded in.</summary>
    CloneOptionsBuilder<TEntity> Builder { get; }
}

/// <summary>A <see cref="CloneOptionsBuilder{TEntity}"/> that remembers the navigation just included, for <c>ThenInclude</c>.</summary>
/// <typeparam name="TEntity">The entity type the options are for.</typeparam>
/// <typeparam name="TProperty">The type of the navigation just included.</typeparam>
public sealed class IncludableCloneOptionsBuilder<TEntity, TProperty> : CloneOptionsBuilder<TEntity>, IIncludableCloneOptionsBuilder<TEntity, TProperty>
    where TEntity : class
{
    internal IncludableCloneOptionsBuilder(CloneOptions options)
        : base(options)
    {
    }

    /// <inheritdoc />
    public CloneOptionsBuilder<TEntity> Builder => this;
}

/// <summary><c>ThenInclude</c> for clone options, shaped like EF's own <c>ThenInclude</c>.</summary>
public static class IncludableCloneOptionsBuilderExtensions
{
    /// <summary>
    /// Clones the rows behind <paramref name="navigation"/> of each entity of the collection just included; a
    /// collection may be filtered, such as <c>t =&gt; t.Comments.Where(c =&gt; !c.IsSpam)</c>.
    /// </summary>
    /// <typeparam name="TEntity">The entity type the options are for.</typeparam>
    /// <typeparam name="TPrevious">The element type of the collection just included.</typeparam>
    /// <typeparam name="TProperty">The type of the next navigation.</typeparam>
    /// <param name="source">The builder returned by <c>Include</c> or <c>ThenInclude</c>.</param>
    /// <param name="navigation">A navigation of <typeparamref name="TPrevious"/>.</param>
    public static IncludableCloneOptionsBuilder<TEntity, TProperty> ThenInclude<TEntity, TPrevious, TProperty>(
        this IIncludableCloneOptionsBuilder<TEntity, IEnumerable<TPrevious>> source,
        Expression<Func<TPrevious, TProperty>> navigation)
        where TEntity : class
        => Add<TEntity, TProperty>(source?.Builder!, navigation);

    /// <summary>Clones the rows behind <paramref name="navigation"/> of the entity just included.</summary>
    /// <typeparam name="TEntity">The entity type the options are for.</typeparam>
    /// <typeparam name="TPrevious">The type of the reference just included.</typeparam>
    /// <typeparam name="TProperty">The type of the next navigation.</typeparam>
    /// <param name="source">The builder returned by <c>Include</c> or <c>ThenInclude</c>.</param>
    /// <param name="navigation">A navigation of <typeparamref name="TPrevious"/>.</param>
    public static IncludableCloneOptionsBuilder<TEntity, TProperty> ThenInclude<TEntity, TPrevious, TProperty>(
        this IIncludableCloneOptionsBuilder<TEntity, TPrevious> source,
        Expression<Func<TPrevious, TProperty>> navigation)
        where TEntity : class
        => Add<TEntity, TProperty>(source?.Builder!, navigation);

    private static IncludableCloneOptionsBuilder<TEntity, TProperty> Add<TEntity, TProperty>(
        CloneOptionsBuilder<TEntity> source,
        LambdaExpression navigation)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(source);
        var options = source.Options;
        options.Navigations.Add(CloneOptionsBuilder<TEntity>.IncludeRule(navigation, nameof(navigation)));
        return new IncludableCloneOptionsBuilder<TEntity, TProperty>(options);
    }
}
