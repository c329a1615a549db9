using EFCore.Cloning;
using EFCore.Cloning.Internal;
using EFCore.Cloning.Planning;
using EFCore.Cloning.Schema;

// In EF's namespace, beside ToQueryString().
namespace Microsoft.EntityFrameworkCore;

/// <summary>Previews of what a clone would do, planned exactly as the clone plans it, with nothing loaded or written.</summary>
public static class ClonePlanExtensions
{
    /// <summary>
    /// The plan of <c>CloneAsync</c> / <c>CloneAndSaveAsync</c> for an entity of type <typeparamref name="TEntity"/> with
    /// these options, as readable text (like <c>ToQueryString()</c>): what is cloned, shared, linked or skipped and why,
    /// the values copies get, unique handling, insert order and cycle breaks. Planning errors are thrown as the clone
    /// would throw them.
    /// </summary>
    /// <typeparam name="TEntity">The root entity type.</typeparam>
    /// <param name="context">The context whose model is planned over.</param>
    /// <param name="configure">Per-call options.</param>
    public static string ToClonePlan<TEntity>(this DbContext context, Action<CloneOptionsBuilder<TEntity>>? configure = null)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(context);
        return Describe(context, typeof(TEntity), configure);
    }

    /// <summary>The plan of <c>ExecuteCloneAsync</c> on this query with these options, as readable text.</summary>
    /// <typeparam name="TEntity">The roots' entity type.</typeparam>
    /// <param name="roots">A query of the context.</param>
    /// <param name="configure">Per-call options.</param>
    public static string ToClonePlan<TEntity>(this IQueryable<TEntity> roots, Action<CloneOptionsBuilder<TEntity>>? configure = null)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(roots);
        return Describe(EFCore.Cloning.Sql.QueryContext.Of(roots), typeof(TEntity), configure);
    }

    /// <summary>
    /// The plan of <c>ExecuteCloneAsync</c> on this query, with what only the database can tell: the rows per table the
    /// clone would copy (a dry run, selected exactly as the clone selects them) and the SQL set mode would send, as EF
    /// translated the roots, filters and computed values (like <c>ToQueryString()</c>, parameters by name). Nothing is
    /// written: the selection runs in a transaction that is rolled back, and no key is made.
    /// </summary>
    /// <typeparam name="TEntity">The roots' entity type.</typeparam>
    /// <param name="roots">A query of the context.</param>
    /// <param name="configure">Per-call options.</param>
    /// <param name="cancellationToken">Cancels the preview.</param>
    public static async Task<string> ToClonePlanAsync<TEntity>(
        this IQueryable<TEntity> roots,
        Action<CloneOptionsBuilder<TEntity>>? configure = null,
        CancellationToken cancellationToken = default)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(roots);
        var options = CloneDefaults.NewOptions(EFCore.Cloning.Sql.QueryContext.Of(roots));
        configure?.Invoke(new CloneOptionsBuilder<TEntity>(options));
        var (plan, tables, statements) = await EFCore.Cloning.Sql.SetModeCloner.PreviewAsync(roots, options, cancellationToken).ConfigureAwait(false);
        var text = new System.Text.StringBuilder(PlanDescriber.Describe(plan));
        text.AppendLine("rows to copy (dry run): " + string.Join(", ", tables.Select(t => $"{t.Key} {t.Value}")));
        text.AppendLine("set-mode statements (key making and unique values, which depend on the rows, are left out):");
        foreach (var statement in statements)
        {
            text.AppendLine(statement.TrimEnd() + ";");
        }

        return text.ToString();
    }

    private static string Describe<TEntity>(DbContext context, Type type, Action<CloneOptionsBuilder<TEntity>>? configure)
        where TEntity : class
    {
        var options = CloneDefaults.NewOptions(context);
        configure?.Invoke(new CloneOptionsBuilder<TEntity>(options));
        var entityType = context.Model.FindEntityType(type)
            ?? throw new CloneException($"The type '{type.Name}' is not an entity type of the model of '{context.GetType().Name}'.");
        var schema = EfModelSchemaReader.Read(context);
        return PlanDescriber.Describe(ClonePlanner.Create(schema, schema.FindEntity(entityType.Name)!, options));
    }
}
