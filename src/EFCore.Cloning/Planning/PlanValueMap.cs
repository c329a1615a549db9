using EFCore.Cloning.Schema;

namespace EFCore.Cloning.Planning;

/// <summary>
/// The value source of each property of one node, per concrete entity type: a rule for <c>Entity&lt;Fish&gt;</c> gives
/// fish their value and leaves birds of the same table alone. A property without an entry keeps the original's value.
/// </summary>
internal sealed class PlanValueMap
{
    private readonly Dictionary<GraphProperty, Dictionary<GraphEntity, PlanValue>> _values = [];

    /// <summary>Properties that some concrete type gets a value for.</summary>
    public IEnumerable<GraphProperty> Properties => _values.Keys;

    public void Set(GraphProperty property, GraphEntity concrete, PlanValue value)
    {
        if (!_values.TryGetValue(property, out var byType))
        {
            _values[property] = byType = [];
        }

        byType[concrete] = value;
    }

    public void Remove(GraphProperty property, GraphEntity concrete)
    {
        if (_values.TryGetValue(property, out var byType) && byType.Remove(concrete) && byType.Count == 0)
        {
            _values.Remove(property);
        }
    }

    /// <summary>The value a copy of a row of type <paramref name="concrete"/> gets for <paramref name="property"/>, or null for the original's.</summary>
    public PlanValue? For(GraphProperty property, GraphEntity concrete)
        => _values.TryGetValue(property, out var byType) ? byType.GetValueOrDefault(concrete) : null;

    /// <summary>Whether some concrete type gets a value for <paramref name="property"/>.</summary>
    public bool Contains(GraphProperty property) => _values.ContainsKey(property);

    /// <summary>
    /// The values of <paramref name="property"/> grouped by the concrete types that get them (null: the original's),
    /// over <paramref name="concretes"/>; one group when every type gets the same.
    /// </summary>
    public IReadOnlyList<(PlanValue? Value, IReadOnlyList<GraphEntity> Types)> Choices(GraphProperty property, IEnumerable<GraphEntity> concretes)
        => concretes
            .GroupBy(c => For(property, c))
            .Select(g => (g.Key, (IReadOnlyList<GraphEntity>)g.ToList()))
            .ToList();

    /// <summary>Every (property, type, value), for validation and previews.</summary>
    public IEnumerable<(GraphProperty Property, GraphEntity Type, PlanValue Value)> All
        => _values.SelectMany(p => p.Value.Select(t => (p.Key, t.Key, t.Value)));
}
