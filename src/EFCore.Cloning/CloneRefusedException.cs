namespace EFCore.Cloning;

/// <summary>
/// A clone was refused by the model's rules: a guard (<c>HasCloneGuard</c>) that a root fails, or a hook that threw
/// this exception. Nothing was written. Throw it from an <c>OnCloning</c> hook to veto a clone with a reason.
/// </summary>
public sealed class CloneRefusedException : CloneException
{
    /// <summary>Refuses the clone (thrown by a hook; the library adds the entity it was running for).</summary>
    /// <param name="reason">Why the clone may not happen, in words a user can be shown.</param>
    public CloneRefusedException(string reason)
        : base(reason)
    {
        Reason = reason;
    }

    internal CloneRefusedException(string reason, string entityType, IReadOnlyList<object?>? key, object? entity, Exception? inner = null)
        : base($"The clone of '{entityType}'{(key is null ? string.Empty : $" with key ({string.Join(", ", key)})")} was refused: {reason}", inner ?? new InvalidOperationException(reason))
    {
        Reason = reason;
        EntityType = entityType;
        Key = key;
        Entity = entity;
    }

    /// <summary>Why the clone was refused, as the guard or hook said it.</summary>
    public string Reason { get; }

    /// <summary>The entity type of the row that was refused (set by the library), or null where a hook threw it unattended.</summary>
    public string? EntityType { get; }

    /// <summary>The refused original's key values, in key order, where known.</summary>
    public IReadOnlyList<object?>? Key { get; }

    /// <summary>In object mode, the original entity that was refused; in set mode null (no entity is made), see <see cref="Key"/>.</summary>
    public object? Entity { get; }
}
