using EFCore.Cloning.Internal;
using EFCore.Cloning.Schema;

namespace EFCore.Cloning.Planning;

/// <summary>
/// Turns conventions, model configuration and per-call options into a <see cref="ClonePlan"/>, in that order of
/// precedence (options win), and rejects what cannot be copied before anything is written. Every decision an engine
/// needs is made here, once: which rows (edges), each column's value source, unique values, order and cycle breaks.
/// </summary>
internal sealed class ClonePlanner
{
    private readonly GraphSchema _schema;
    private readonly CloneOptions _options;
    private readonly StrategyResolver _strategies;
    private readonly Dictionary<GraphEntity, PlanNode> _nodes = [];
    private readonly List<PlanNode> _order = [];
    private readonly List<PlanEdge> _edges = [];

    private ClonePlanner(GraphSchema schema, CloneOptions options)
    {
        _schema = schema;
        _options = options;
        _strategies = new StrategyResolver(options);
    }

    /// <summary>Plans copying rows of <paramref name="root"/> (and what the options and model clone with them).</summary>
    public static ClonePlan Create(GraphSchema schema, GraphEntity root, CloneOptions options)
        => new ClonePlanner(schema, options).Plan(root);

    private ClonePlan Plan(GraphEntity root)
    {
        if (root.IsOwned)
        {
            throw new CloneException(
                $"The entity type '{root.DisplayName}' is owned: it cannot be cloned on its own. Clone its owner, which copies it.");
        }

        new OptionValidator(_schema, _options).Validate();

        var rootNode = new PlanNode(root.Root) { IsRoot = true };
        _nodes[rootNode.Entity] = rootNode;
        _order.Add(rootNode);
        for (var i = 0; i < _order.Count; i++)
        {
            Expand(_order[i]);
        }

        foreach (var node in _order)
        {
            ValuePlanner.Assign(node, _options);
            RequireCopiedEnds(node);
        }

        var plan = new ClonePlan(_schema, rootNode, _order, _edges)
        {
            Copies = _options.Copies,
            MapAllRows = _options.MapAllRows,
            Progress = _options.Progress,
            IgnoreQueryFilters = _options.IgnoreQueryFilters,
            BatchSize = _options.BatchSize,
            Syntax = _options.Syntax,
        };

        foreach (var node in _order)
        {
            CheckKey(node);
            UniquePlanner.Plan(node, _options);
        }

        InsertOrderPlanner.Order(plan);
        ParentInsertPlanner.Plan(plan);
        return plan;
    }

    private void Expand(PlanNode node)
    {
        foreach (var entity in node.Entity.SelfAndDerived())
        {
            foreach (var relationship in entity.PrincipalOf)
            {
                var (strategy, reason) = _strategies.ToDependents(relationship);
                if (strategy == CloneStrategy.Clone)
                {
                    AddEdge(node, relationship.Dependent, relationship, EdgeDirection.ToDependents, reason, _strategies.Filter(relationship));
                }
            }

            foreach (var relationship in entity.DependentOf)
            {
                var (strategy, reason) = _strategies.ToPrincipal(relationship);
                switch (strategy)
                {
                    case CloneStrategy.Clone:
                        AddEdge(node, relationship.Principal, relationship, EdgeDirection.ToPrincipal, reason);
                        break;
                    case CloneStrategy.Skip when relationship.IsRequired:
                        throw new CloneException(
                            $"The navigation '{relationship.Dependent.DisplayName}.{relationship.DependentToPrincipal ?? relationship.Principal.DisplayName}' cannot be skipped: "
                            + $"the relationship '{relationship.Name}' is required, so a copy of '{relationship.Dependent.DisplayName}' needs a '{relationship.Principal.DisplayName}'. Share or clone it instead.");
                    case CloneStrategy.Skip:
                        node.Nulled.Add(relationship);
                        break;
                }
            }
        }
    }

    private void AddEdge(PlanNode from, GraphEntity target, GraphRelationship relationship, EdgeDirection direction, string reason, (System.Linq.Expressions.LambdaExpression Filter, string Origin)? filter = null)
    {
        if (!_nodes.TryGetValue(target.Root, out var to))
        {
            to = new PlanNode(target.Root);
            _nodes[to.Entity] = to;
            _order.Add(to);
        }

        var edge = new PlanEdge(from, to, relationship, direction, reason) { Filter = filter?.Filter, FilterOrigin = filter?.Origin };
        from.Outgoing.Add(edge);
        to.Incoming.Add(edge);
        _edges.Add(edge);
    }

    /// <summary>A join entity whose both ends are copied links copies to copies only (a copy never changes rows outside itself).</summary>
    private void RequireCopiedEnds(PlanNode node)
    {
        var ends = node.Entity.SelfAndDerived().SelectMany(e => e.DependentOf).Where(r => r.JoinOf is not null).ToList();
        if (ends.Count >= 2 && ends.All(r => _nodes.ContainsKey(r.Principal.Root)))
        {
            node.RequiredPrincipals.AddRange(ends);
        }
    }

    private void CheckKey(PlanNode node)
    {
        var key = node.Entity.PrimaryKey;
        if (key.IsGenerated)
        {
            return;
        }

        var remapped = node.Incoming.Where(e => e.Direction == EdgeDirection.ToDependents).SelectMany(e => e.Relationship.ForeignKey).ToHashSet();
        var fresh = key.Properties.Any(p =>
            (node.ConcreteTypes.All(t => node.Values.For(p, t) is { Kind: not PlanValueKind.StoreDefault }) && node.Values.Contains(p))
            || remapped.Contains(p));
        if (!fresh)
        {
            var names = string.Join(", ", key.Properties.Select(p => p.Name));
            throw new CloneException(
                $"Cannot clone '{node.Entity.DisplayName}': its key ({names}) is not generated by the database, so a copy would repeat the original's key. "
                + $"Supply the copies' key, for example {Advice.Set(_options.Syntax, key.Properties[0].Name)}, or clone it only under a principal whose copy makes the key new.");
        }
    }
}
