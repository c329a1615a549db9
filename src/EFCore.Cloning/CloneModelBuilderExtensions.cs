using System.Linq.Expressions;
using EFCore.Cloning;
using EFCore.Cloning.Internal;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

// In EF's namespace so that the configuration methods appear where OnModelCreating code already looks.
namespace Microsoft.EntityFrameworkCore;

/// <summary>Clone configuration in <c>OnModelCreating</c>: strategies per navigation, values, suffixes and hooks per entity type.</summary>
public static partial class CloneModelBuilderExtensions
{
    /// <summary>
    /// What a clone does with this navigation's rows unless the call says otherwise, such as
    /// <c>b.Navigation(p =&gt; p.Tasks).HasCloneStrategy(CloneStrategy.Clone)</c>.
    /// </summary>
    /// <param name="builder">The navigation's builder from <c>EntityTypeBuilder.Navigation</c>.</param>
    /// <param name="strategy">Clone, share, link (many-to-many) or skip.</param>
    public static NavigationBuilder HasCloneStrategy(this NavigationBuilder builder, CloneStrategy strategy)
    {
        ArgumentNullException.ThrowIfNull(builder);
        CloneConfigurationValidator.ValidateStrategy(builder.Metadata, strategy);
        builder.HasAnnotation(CloneAnnotationNames.Strategy, strategy);
        return builder;
    }

    /// <summary>
    /// What a clone does with this navigation's rows unless the call says otherwise, such as
    /// <c>b.Navigation(p =&gt; p.Tasks).HasCloneStrategy(CloneStrategy.Clone)</c>.
    /// </summary>
    /// <typeparam name="TSource">The entity type declaring the navigation.</typeparam>
    /// <typeparam name="TTarget">The navigation's target type.</typeparam>
    /// <param name="builder">The navigation's builder from <c>EntityTypeBuilder.Navigation</c>.</param>
    /// <param name="strategy">Clone, share, link (many-to-many) or skip.</param>
    public static NavigationBuilder<TSource, TTarget> HasCloneStrategy<TSource, TTarget>(
        this NavigationBuilder<TSource, TTarget> builder,
        CloneStrategy strategy)
        where TSource : class
        where TTarget : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        CloneConfigurationValidator.ValidateStrategy(builder.Metadata, strategy);
        builder.HasAnnotation(CloneAnnotationNames.Strategy, strategy);
        return builder;
    }

    /// <summary>
    /// Whenever a clone copies the dependents behind <paramref name="navigation"/>, it copies only those
    /// <paramref name="filter"/> lets through, such as <c>b.HasCloneFilter(p =&gt; p.Tasks, t =&gt; !t.Archived)</c>: the
    /// model's form of a filtered <c>Include</c>. A per-call filtered <c>Include</c> of the navigation replaces it. Both
    /// engines; set mode has EF translate it.
    /// </summary>
    /// <typeparam name="TEntity">The entity type declaring the navigation.</typeparam>
    /// <typeparam name="TDependent">The dependent type.</typeparam>
    /// <param name="builder">The entity type's builder.</param>
    /// <param name="navigation">A collection navigation to dependents, such as <c>p =&gt; p.Tasks</c>.</param>
    /// <param name="filter">Which dependents are cloned, such as <c>t =&gt; !t.Archived</c>.</param>
    public static EntityTypeBuilder<TEntity> HasCloneFilter<TEntity, TDependent>(
        this EntityTypeBuilder<TEntity> builder,
        Expression<Func<TEntity, IEnumerable<TDependent>?>> navigation,
        Expression<Func<TDependent, bool>> filter)
        where TEntity : class
        where TDependent : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(filter);
        var (_, name) = MemberPath.Parse(navigation, nameof(navigation));
        var metadata = builder.Metadata.FindNavigation(name) ?? (IMutableNavigationBase?)builder.Metadata.FindSkipNavigation(name)
            ?? throw new CloneException($"HasCloneFilter on '{builder.Metadata.DisplayName()}' names '{name}', which is not a navigation of it (configure the relationship first).");
        CloneConfigurationValidator.ValidateFilter(metadata);
        metadata.SetAnnotation(CloneAnnotationNames.Filter, filter);
        return builder;
    }

    /// <summary>Copies get this property's default (its store default, such as <c>now()</c>, or the CLR default) instead of the original's value.</summary>
    /// <param name="builder">The property's builder.</param>
    public static PropertyBuilder ResetOnClone(this PropertyBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.HasAnnotation(CloneAnnotationNames.ResetOnClone, true);
        return builder;
    }

    /// <summary>Copies get this property's default (its store default, such as <c>now()</c>, or the CLR default) instead of the original's value.</summary>
    /// <typeparam name="TProperty">The property's type.</typeparam>
    /// <param name="builder">The property's builder.</param>
    public static PropertyBuilder<TProperty> ResetOnClone<TProperty>(this PropertyBuilder<TProperty> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.HasAnnotation(CloneAnnotationNames.ResetOnClone, true);
        return builder;
    }

    /// <summary>
    /// Every copy gets <paramref name="value"/> for this property, such as <c>b.Property(p =&gt; p.Status).SetOnClone(Status.Draft)</c>;
    /// a per-call <c>Set</c> or <c>Reset</c> overrides it. Both engines.
    /// </summary>
    /// <typeparam name="TProperty">The property's type.</typeparam>
    /// <param name="builder">The property's builder.</param>
    /// <param name="value">The value copies get.</param>
    public static PropertyBuilder<TProperty> SetOnClone<TProperty>(this PropertyBuilder<TProperty> builder, TProperty value)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.HasAnnotation(CloneAnnotationNames.Value, new ValueRule(EntitySelector.Any, builder.Metadata.Name, ValueRuleKind.Constant, value, null));
        return builder;
    }

    /// <summary>
    /// Every copy gets a value computed from its original, written as an expression, such as
    /// <c>b.SetOnClone(p =&gt; p.Title, p =&gt; "Copy of " + p.Title)</c>: object mode compiles it, set mode has EF translate
    /// it to SQL (an expression EF cannot translate is refused by set mode before anything is written). A per-call
    /// <c>Set</c> or <c>Reset</c> overrides it.
    /// </summary>
    /// <typeparam name="TEntity">The entity type.</typeparam>
    /// <typeparam name="TProperty">The property's type.</typeparam>
    /// <param name="builder">The entity type's builder.</param>
    /// <param name="property">The property, such as <c>p =&gt; p.Title</c>.</param>
    /// <param name="value">Computes the copy's value from the original, such as <c>p =&gt; "Copy of " + p.Title</c>.</param>
    public static EntityTypeBuilder<TEntity> SetOnClone<TEntity, TProperty>(
        this EntityTypeBuilder<TEntity> builder,
        Expression<Func<TEntity, TProperty>> property,
        Expression<Func<TEntity, TProperty>> value)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(value);
        var (_, name) = MemberPath.Parse(property, nameof(property));
        var metadata = builder.Metadata.FindProperty(name)
            ?? throw new CloneException($"SetOnClone on '{builder.Metadata.DisplayName()}' names '{name}', which is not a mapped property of it.");
        var compiled = value.Compile();
        metadata.SetAnnotation(
            CloneAnnotationNames.Value,
            new ValueRule(EntitySelector.Of(typeof(TEntity)), name, ValueRuleKind.Computed, null, original => compiled((TEntity)original)) { Expression = value });
        return builder;
    }

    /// <summary>The suffix that makes this property's copied values unique when it is under a unique index.</summary>
    /// <typeparam name="TProperty">The property's type (a string).</typeparam>
    /// <param name="builder">The property's builder.</param>
    /// <param name="suffix">The format, such as <see cref="CloneSuffix.Slug"/>.</param>
    public static PropertyBuilder<TProperty> HasCloneSuffix<TProperty>(this PropertyBuilder<TProperty> builder, CloneSuffix suffix)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(suffix);
        CloneConfigurationValidator.ValidateSuffix(builder.Metadata);
        builder.HasAnnotation(CloneAnnotationNames.Suffix, suffix);
        return builder;
    }

    /// <summary>The suffix format for every unique string property of this entity type that does not name its own.</summary>
    /// <typeparam name="TEntity">The entity type.</typeparam>
    /// <param name="builder">The entity type's builder.</param>
    /// <param name="suffix">The format, such as <see cref="CloneSuffix.Slug"/>.</param>
    public static EntityTypeBuilder<TEntity> HasCloneSuffix<TEntity>(this EntityTypeBuilder<TEntity> builder, CloneSuffix suffix)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(suffix);
        builder.HasAnnotation(CloneAnnotationNames.Suffix, suffix);
        return builder;
    }

    /// <summary>
    /// Copies of <typeparamref name="TEntity"/> keep only the listed properties; every other property gets its default
    /// (the column's store default, else the CLR default). Keys and foreign keys are made as usual; per-call rules apply
    /// on top. Both engines.
    /// </summary>
    /// <typeparam name="TEntity">The entity type.</typeparam>
    /// <param name="builder">The entity type's builder.</param>
    /// <param name="properties">The properties to keep, such as <c>p =&gt; new { p.Title, p.Body }</c>.</param>
    public static EntityTypeBuilder<TEntity> CloneOnly<TEntity>(this EntityTypeBuilder<TEntity> builder, Expression<Func<TEntity, object?>> properties)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        var names = MemberPath.ParseList(properties, nameof(properties));
        foreach (var name in names)
        {
            if (builder.Metadata.FindProperty(name) is null)
            {
                throw new CloneException($"CloneOnly on '{builder.Metadata.DisplayName()}' lists '{name}', which is not a mapped property of it.");
            }
        }

        builder.HasAnnotation(CloneAnnotationNames.Only, names.ToArray());
        return builder;
    }

    /// <summary>
    /// Lineage: every copy of <typeparamref name="TEntity"/> stores its original's key in the listed properties (one per
    /// key part, in key order), in both engines.
    /// </summary>
    /// <typeparam name="TEntity">The entity type.</typeparam>
    /// <param name="builder">The entity type's builder.</param>
    /// <param name="properties">The property, such as <c>p =&gt; p.CopiedFromId</c>.</param>
    public static EntityTypeBuilder<TEntity> RecordCloneOrigin<TEntity>(this EntityTypeBuilder<TEntity> builder, Expression<Func<TEntity, object?>> properties)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        var names = MemberPath.ParseList(properties, nameof(properties));
        foreach (var name in names.Where(n => builder.Metadata.FindProperty(n) is null))
        {
            throw new CloneException($"RecordCloneOrigin on '{builder.Metadata.DisplayName()}' names '{name}', which is not a mapped property of it.");
        }

        builder.HasAnnotation(CloneAnnotationNames.Origin, names.ToArray());
        return builder;
    }
}
