using EFCore.Cloning.Internal;
using EFCore.Cloning.Schema;

namespace EFCore.Cloning.Planning;

/// <summary>
/// The strategy of each relationship the planner meets: per-call options first, then the model's configuration, then
/// the conventions (plain clone: share principals, skip the rest; aggregate: clone dependents that cannot live without
/// their principal, link many-to-many).
/// </summary>
internal sealed class StrategyResolver
{
    private readonly CloneOptions _options;
    private readonly HashSet<GraphRelationship> _clonedTargets = [];

    public StrategyResolver(CloneOptions options)
    {
        _options = options;
    }

    public (CloneStrategy Strategy, string Reason) ToDependents(GraphRelationship relationship)
    {
        var navigation = relationship.PrincipalToDependent;
        if (relationship.IsOwnership)
        {
            return (CloneStrategy.Clone, "owned");
        }

        if (navigation is not null && FindRule(relationship.Principal, navigation) is { } rule)
        {
            return (rule.Strategy, "option");
        }

        if (relationship.JoinOf is { } link)
        {
            var (linkStrategy, reason) = ManyToMany(link);
            if (linkStrategy == CloneStrategy.Clone)
            {
                _clonedTargets.Add(link.ToTarget);
            }

            return linkStrategy is CloneStrategy.Link or CloneStrategy.Clone or CloneStrategy.Share
                ? (CloneStrategy.Clone, $"{linkStrategy.ToString().ToLowerInvariant()} {link} ({reason})")
                : (CloneStrategy.Skip, reason);
        }

        if (relationship.ConfiguredPrincipalToDependent is { } configured)
        {
            return (configured, "model");
        }

        if (_options.Aggregate && ((relationship.IsRequired && relationship.IsCascadeDelete) || (relationship.IsUnique && !relationship.IsSelfReference)))
        {
            return (CloneStrategy.Clone, relationship.IsUnique ? "aggregate: one-to-one dependent" : "aggregate: required, cascade delete");
        }

        return (CloneStrategy.Skip, "convention");
    }

    public (CloneStrategy Strategy, string Reason) ToPrincipal(GraphRelationship relationship)
    {
        if (relationship.IsOwnership)
        {
            return (CloneStrategy.Share, "owner");
        }

        if (_clonedTargets.Contains(relationship))
        {
            return (CloneStrategy.Clone, "many-to-many targets cloned");
        }

        if (relationship.DependentToPrincipal is { } navigation && FindRule(relationship.Dependent, navigation) is { } rule)
        {
            return (rule.Strategy, "option");
        }

        return relationship.ConfiguredDependentToPrincipal is { } configured ? (configured, "model") : (CloneStrategy.Share, "convention");
    }

    private (CloneStrategy Strategy, string Reason) ManyToMany(GraphManyToMany link)
    {
        if (FindRule(link.Entity, link.Navigation) is { } rule)
        {
            return (rule.Strategy, "option");
        }

        if (link.ConfiguredStrategy is { } configured)
        {
            return (configured, "model");
        }

        return _options.Aggregate ? (CloneStrategy.Link, "aggregate") : (CloneStrategy.Skip, "convention");
    }

    /// <summary>The filter on a cloned navigation to dependents, and where it comes from: the call's filtered include, else the model.</summary>
    public (System.Linq.Expressions.LambdaExpression Filter, string Origin)? Filter(GraphRelationship relationship)
    {
        if (relationship.JoinOf is { } link)
        {
            // A many-to-many's filter is over its targets: the join rows to those targets are the ones copied.
            return FindRule(link.Entity, link.Navigation)?.Filter is { } linkFilter ? (linkFilter, "option")
                : link.ConfiguredFilter is { } configuredLink ? (configuredLink, "model") : null;
        }

        if (relationship.PrincipalToDependent is { } navigation && FindRule(relationship.Principal, navigation)?.Filter is { } filter)
        {
            return (filter, "option");
        }

        return relationship.ConfiguredFilter is { } configured ? (configured, "model") : null;
    }

    private NavigationRule? FindRule(GraphEntity declaring, string navigation)
        => _options.Navigations.LastOrDefault(r => r.Navigation == navigation && EntityMatcher.Matches(r.Entity, declaring));
}
