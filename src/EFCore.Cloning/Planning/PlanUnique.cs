using EFCore.Cloning.Schema;

namespace EFCore.Cloning.Planning;

/// <summary>A string property whose copied values get a suffix so that <see cref="Index"/> is not violated.</summary>
internal sealed record PlanUnique(GraphUniqueIndex Index, GraphProperty Property, CloneSuffix Suffix);
