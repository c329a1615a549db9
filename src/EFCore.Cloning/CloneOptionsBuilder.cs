using System.Linq.Expressions;
using EFCore.Cloning.Internal;

namespace EFCore.Cloning;

/// <summary>
/// Per-call decisions for one clone operation whose roots are <typeparamref name="TEntity"/>: which related rows
/// to clone, share, link or skip, and which values to override. Per-call decisions override those made in
/// <c>OnModelCreating</c>, which override the conventions.
/// </summary>
/// <typeparam name="TEntity">The entity type the rules of this builder are written against.</typeparam>
public class CloneOptionsBuilder<TEntity>
    where TEntity : class
{
    internal CloneOptionsBuilder(CloneOptions options)
    {
        Options = options;
    }

    internal CloneOptions Options { get; }

    /// <summary>
    /// Clones the whole aggregate: besides the row itself, the dependents that cannot live without it (required
    /// foreign keys with cascade delete, one-to-one dependents, owned types), recursively, and links every
    /// many-to-many navigation to the same targets.
    /// </summary>
    public virtual CloneOptionsBuilder<TEntity> Aggregate()
    {
        Options.Aggregate = true;
        return this;
    }

    /// <summary>
    /// Clones the rows behind <paramref name="navigation"/>; chain <c>ThenInclude</c> to go deeper. As in EF's filtered
    /// <c>Include</c>, a collection can be filtered: <c>p =&gt; p.Tasks.Where(t =&gt; !t.Archived)</c> clones only those
    /// rows (both engines; set mode has EF translate the filter, captured values as parameters).
    /// </summary>
    /// <param name="navigation">A navigation of <typeparamref name="TEntity"/>, such as <c>p =&gt; p.Tasks</c>.</param>
    public virtual IncludableCloneOptionsBuilder<TEntity, TProperty> Include<TProperty>(Expression<Func<TEntity, TProperty>> navigation)
    {
        Options.Navigations.Add(IncludeRule(navigation, nameof(navigation)));
        return new IncludableCloneOptionsBuilder<TEntity, TProperty>(Options);
    }

    internal static NavigationRule IncludeRule(LambdaExpression navigation, string parameterName)
    {
        var (type, name, filter) = NavigationPath.Parse(navigation, parameterName);
        return new NavigationRule(EntitySelector.Of(type), name, CloneStrategy.Clone) { Filter = filter };
    }

    /// <summary>Copies point at the same related row(s) as the original (the default for principals such as an owner).</summary>
    /// <param name="navigation">A navigation of <typeparamref name="TEntity"/>, such as <c>p =&gt; p.Owner</c>.</param>
    public virtual CloneOptionsBuilder<TEntity> Share<TProperty>(Expression<Func<TEntity, TProperty>> navigation)
        => AddNavigation(navigation, CloneStrategy.Share);

    /// <summary>
    /// For a many-to-many navigation: new join rows connect the copy to the same targets, with the join's payload
    /// copied. Filtered like an include, <c>t =&gt; t.Tags.Where(x =&gt; x.IsPublic)</c>, it links only those targets.
    /// </summary>
    /// <param name="navigation">A many-to-many navigation of <typeparamref name="TEntity"/>, such as <c>t =&gt; t.Tags</c>.</param>
    public virtual CloneOptionsBuilder<TEntity> Link<TProperty>(Expression<Func<TEntity, TProperty>> navigation)
    {
        var (type, name, filter) = NavigationPath.Parse(navigation, nameof(navigation));
        Options.Navigations.Add(new NavigationRule(EntitySelector.Of(type), name, CloneStrategy.Link) { Filter = filter });
        return this;
    }

    /// <summary>Leaves the rows behind <paramref name="navigation"/> out of the copy.</summary>
    /// <param name="navigation">A navigation of <typeparamref name="TEntity"/>, such as <c>p =&gt; p.AuditLog</c>.</param>
    public virtual CloneOptionsBuilder<TEntity> Skip<TProperty>(Expression<Func<TEntity, TProperty>> navigation)
        => AddNavigation(navigation, CloneStrategy.Skip);

    /// <summary>Gives every copy of <typeparamref name="TEntity"/> this value. Also the way to supply a key the database does not generate.</summary>
    /// <param name="property">The property, such as <c>p =&gt; p.Name</c>.</param>
    /// <param name="value">The value the copies get.</param>
    public virtual CloneOptionsBuilder<TEntity> Set<TProperty>(Expression<Func<TEntity, TProperty>> property, TProperty value)
    {
        var (entity, name) = MemberPath.ParseProperty(property, nameof(property));
        Options.Values.Add(new ValueRule(entity, name, ValueRuleKind.Constant, value, null));
        return this;
    }

    /// <summary>
    /// Gives each copy a value computed from its original, written as an expression: object mode compiles it, set mode
    /// has EF translate it to SQL (as <c>ExecuteUpdate</c>'s setters are), parameters included. An expression EF cannot
    /// translate is refused by set mode before anything is written, naming the property.
    /// </summary>
    /// <param name="property">The property, such as <c>p =&gt; p.Name</c>.</param>
    /// <param name="value">Computes the copy's value from the original, such as <c>original =&gt; original.Name + " v2"</c>.</param>
    public virtual CloneOptionsBuilder<TEntity> Set<TProperty>(Expression<Func<TEntity, TProperty>> property, Expression<Func<TEntity, TProperty>> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var (entity, name) = MemberPath.ParseProperty(property, nameof(property));
        if (entity.Owner is not null)
        {
            throw new ArgumentException(
                $"A value computed from the original applies to a property of '{typeof(TEntity).Name}' itself; for '{entity}.{name}' give a constant, or use Entity<{entity.ClrType!.Name}>(e => e.Set(x => x.{name}, original => ...)).",
                nameof(property));
        }

        var compiled = value.Compile();
        Options.Values.Add(new ValueRule(entity, name, ValueRuleKind.Computed, null, original => compiled((TEntity)original)) { Expression = value });
        return this;
    }

    /// <summary>
    /// Gives copies the property's default instead of the original's value: the column's store default when it
    /// has one (such as <c>now()</c>), otherwise the CLR default (null, 0).
    /// </summary>
    /// <param name="property">The property, such as <c>p =&gt; p.PublishedAt</c>.</param>
    public virtual CloneOptionsBuilder<TEntity> Reset<TProperty>(Expression<Func<TEntity, TProperty>> property)
    {
        var (entity, name) = MemberPath.ParseProperty(property, nameof(property));
        Options.Values.Add(new ValueRule(entity, name, ValueRuleKind.Reset, null, null));
        return this;
    }

    /// <summary>
    /// Copies keep only the listed properties (like django-clone's <c>_clone_fields</c>); every other property gets its
    /// default (the column's store default, else the CLR default). Keys and foreign keys are made as usual, and
    /// <c>Set</c>/<c>Reset</c> rules still apply on top. Both engines.
    /// </summary>
    /// <param name="properties">The properties to keep, such as <c>p =&gt; new { p.Title, p.Body }</c>.</param>
    public virtual CloneOptionsBuilder<TEntity> Only<TProperties>(Expression<Func<TEntity, TProperties>> properties)
    {
        Options.Only.Add(new OnlyRule(EntitySelector.Of(typeof(TEntity)), MemberPath.ParseList(properties, nameof(properties))));
        return this;
    }

    /// <summary>
    /// Lineage: each copy stores its original's key in <paramref name="properties"/> (one property per key part, in key
    /// order, such as <c>p =&gt; p.CopiedFromId</c>), in both engines.
    /// </summary>
    /// <param name="properties">The property (or <c>p =&gt; new { p.FromA, p.FromB }</c> for a composite key).</param>
    public virtual CloneOptionsBuilder<TEntity> RecordOrigin<TProperties>(Expression<Func<TEntity, TProperties>> properties)
    {
        Options.Origins.Add(new OnlyRule(EntitySelector.Of(typeof(TEntity)), MemberPath.ParseList(properties, nameof(properties))));
        return this;
    }

    /// <summary>The suffix format for a string property under a unique index, such as <see cref="CloneSuffix.Slug"/>.</summary>
    /// <param name="property">The property, such as <c>p =&gt; p.Slug</c>.</param>
    /// <param name="suffix">The format.</param>
    public virtual CloneOptionsBuilder<TEntity> Suffix(Expression<Func<TEntity, string?>> property, CloneSuffix suffix)
    {
        ArgumentNullException.ThrowIfNull(suffix);
        var (type, name) = MemberPath.Parse(property, nameof(property));
        Options.Suffixes.Add(new SuffixRule(EntitySelector.Of(type), name, suffix));
        return this;
    }

    /// <summary>Rules for another entity type of the copied graph, such as <c>o =&gt; o.Entity&lt;TaskItem&gt;(t =&gt; t.Skip(x =&gt; x.Comments))</c>.</summary>
    /// <typeparam name="TOther">The entity type the rules apply to, wherever the graph reaches it.</typeparam>
    /// <param name="configure">The rules.</param>
    public virtual CloneOptionsBuilder<TEntity> Entity<TOther>(Action<CloneOptionsBuilder<TOther>> configure)
        where TOther : class
    {
        ArgumentNullException.ThrowIfNull(configure);
        configure(new CloneOptionsBuilder<TOther>(Options));
        return this;
    }

    /// <summary>
    /// Set mode (<c>ExecuteCloneAsync</c>): makes <paramref name="count"/> copies of each root (and of everything cloned
    /// with it) in one operation. Object mode rejects it: call <c>CloneAsync</c> once per copy.
    /// </summary>
    /// <param name="count">How many copies; at least 1.</param>
    public virtual CloneOptionsBuilder<TEntity> Copies(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        Options.Copies = count;
        return this;
    }

    /// <summary>Reports progress table by table: set mode after each table's statement, <c>CloneAndSaveAsync</c> once saved.</summary>
    /// <param name="progress">Receives a <see cref="CloneProgress"/> after each table.</param>
    public virtual CloneOptionsBuilder<TEntity> ReportProgress(IProgress<CloneProgress> progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        Options.Progress = progress;
        return this;
    }

    /// <summary>
    /// Copies related rows that the model's global query filters hide (soft-deleted rows, other tenants' rows), as
    /// EF's <c>IgnoreQueryFilters()</c> does for a query. Without it, both engines copy exactly the rows EF's queries
    /// return. The roots are whatever the caller's entity or query selects.
    /// </summary>
    public virtual CloneOptionsBuilder<TEntity> IgnoreQueryFilters()
    {
        Options.IgnoreQueryFilters = true;
        return this;
    }

    /// <summary>
    /// A dry run: the result's <see cref="CloneResult.Tables"/> counts the rows per table the clone would copy, selected
    /// exactly as the clone selects them, and nothing is written (no key is made, no lock is kept; <see cref="CloneResult.IsDryRun"/>
    /// is set and <see cref="CloneResult.Roots"/> is empty). Guards are checked, so a refused clone is refused here too.
    /// <c>ExecuteCloneAsync</c> and <c>CloneAndSaveAsync</c> (which also runs the <c>OnCloning</c> hooks on copies it then
    /// discards, and returns the unsaved copy); not <c>CloneAsync</c>, which writes nothing anyway.
    /// </summary>
    public virtual CloneOptionsBuilder<TEntity> DryRun()
    {
        Options.DryRun = true;
        return this;
    }

    /// <summary>Fills <see cref="CloneResult.Rows"/> with the original-to-copy keys of every copied row, not only the roots.</summary>
    public virtual CloneOptionsBuilder<TEntity> MapAllRows()
    {
        Options.MapAllRows = true;
        return this;
    }

    /// <summary>
    /// Writes the copies into another database: the graph is read from the source context's database only (the
    /// context <c>CloneAndSaveAsync</c> or the query belongs to) and inserted into <paramref name="target"/>'s, in the
    /// target's transaction (its open one, under a savepoint, or one of its own). Both engines; SQLite and PostgreSQL in
    /// any pair. The rows the copies share (principals such as an owner) must exist in the target, with the same keys,
    /// unless <paramref name="copyMissingPrincipals"/> is set. See docs/other-databases.md.
    /// </summary>
    /// <param name="target">A context of the same model (the same DbContext type) on another database.</param>
    /// <param name="copyMissingPrincipals">
    /// Copies the shared principals the target lacks too, with their own keys, following their foreign keys upward;
    /// without it a missing one is a <see cref="CloneException"/> naming it, and nothing is written.
    /// </param>
    public virtual CloneOptionsBuilder<TEntity> Into(Microsoft.EntityFrameworkCore.DbContext target, bool copyMissingPrincipals = false)
    {
        ArgumentNullException.ThrowIfNull(target);
        Options.Into = target;
        Options.CopyMissingPrincipals = copyMissingPrincipals;
        return this;
    }

    private CloneOptionsBuilder<TEntity> AddNavigation(LambdaExpression navigation, CloneStrategy strategy)
    {
        var (type, name) = MemberPath.Parse(navigation, nameof(navigation));
        Options.Navigations.Add(new NavigationRule(EntitySelector.Of(type), name, strategy));
        return this;
    }
}
