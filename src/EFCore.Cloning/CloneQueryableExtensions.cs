using EFCore.Cloning;
using EFCore.Cloning.Internal;
using EFCore.Cloning.Sql;

// In EF's namespace, beside ExecuteUpdateAsync and ExecuteDeleteAsync.
namespace Microsoft.EntityFrameworkCore;

/// <summary>Set-mode cloning: copies made inside the database with <c>INSERT ... SELECT</c>, without loading entities.</summary>
public static class CloneQueryableExtensions
{
    /// <summary>
    /// Copies every root <paramref name="roots"/> selects, with everything its plan clones, inside the database in one
    /// transaction (the caller's, when one is open), without materializing entities. Works on SQLite and PostgreSQL.
    /// </summary>
    /// <typeparam name="TEntity">The roots' entity type.</typeparam>
    /// <param name="roots">A query of the context, such as <c>db.Projects.Where(p =&gt; p.Id == id)</c>.</param>
    /// <param name="configure">Per-call options, the same as object mode's, plus <c>Copies(n)</c> and <c>ReportProgress</c>.</param>
    /// <param name="cancellationToken">Cancels the operation; nothing is then written.</param>
    /// <returns>Rows copied per table, elapsed time, and the original-to-copy keys.</returns>
    public static Task<CloneResult> ExecuteCloneAsync<TEntity>(
        this IQueryable<TEntity> roots,
        Action<CloneOptionsBuilder<TEntity>>? configure = null,
        CancellationToken cancellationToken = default)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(roots);
        var context = QueryContext.Of(roots);
        var options = CloneDefaults.NewOptions(context);
        configure?.Invoke(new CloneOptionsBuilder<TEntity>(options));
        return CloneInstrumentation.RunAsync(
            context,
            "set",
            typeof(TEntity),
            () => SetModeCloner.ExecuteAsync(roots, options, cancellationToken),
            r => r.Tables);
    }
}
