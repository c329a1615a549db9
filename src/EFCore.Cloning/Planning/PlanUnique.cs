using EFCore.Cloning.Schema;

namespace EFCore.Cloning.Planning;

/// <summary>
/// A string property whose copied values are made unique under <see cref="Index"/>: within the values the other
/// columns of the index (<see cref="Scope"/>) will hold on the copy, the first of the original value,
/// <c>value (copy)</c>, <c>value (copy 2)</c>, ... that is free. A copy whose scope is new (its parent was copied)
/// keeps the value; one that moves to another tenant keeps it where it is free there.
/// </summary>
/// <param name="Index">The unique index or alternate key.</param>
/// <param name="Property">The string property that gets the suffix.</param>
/// <param name="Suffix">The suffix format.</param>
/// <param name="Scope">The index's other properties, as the copy holds them.</param>
/// <param name="LockName">The lock that serializes clones computing values for this column, the same in both engines.</param>
/// <param name="Types">The concrete types whose copies get the suffix (a rule that gives some types their own value leaves those out).</param>
internal sealed record PlanUnique(GraphUniqueIndex Index, GraphProperty Property, CloneSuffix Suffix, IReadOnlyList<GraphProperty> Scope, string LockName, IReadOnlyList<GraphEntity> Types);
