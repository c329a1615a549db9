namespace EFCore.Cloning.Schema;

/// <summary>A database sequence that keys are drawn from.</summary>
internal sealed record GraphSequence(string? Schema, string Name);
