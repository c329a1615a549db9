namespace EFCore.Cloning.Planning;

/// <summary>
/// Where a copy's value of one property comes from, when not from the original. Decided once by the planner, so that
/// both engines write the same thing: object mode sets <see cref="ModelValue"/> on the entity, set mode sends
/// <see cref="ProviderValue"/> (already through the property's value converter) as a parameter.
/// </summary>
internal sealed class PlanValue
{
    private PlanValue(PlanValueKind kind, object? modelValue, object? providerValue, Func<object, object?>? factory, string reason)
    {
        Kind = kind;
        ModelValue = modelValue;
        ProviderValue = providerValue;
        Factory = factory;
        Reason = reason;
    }

    /// <summary>Left to the database: the column's default, or the next number of an identity column.</summary>
    public static PlanValue StoreDefault(string reason) => new(PlanValueKind.StoreDefault, null, null, null, reason);

    public PlanValueKind Kind { get; }

    /// <summary>The constant as the entity holds it.</summary>
    public object? ModelValue { get; }

    /// <summary>The constant as the database stores it.</summary>
    public object? ProviderValue { get; }

    /// <summary>Computes the value from the original entity (object mode runs it; set mode runs EF's translation of <see cref="Expression"/>).</summary>
    public Func<object, object?>? Factory { get; }

    /// <summary>Why the copy gets this value (an option, the model, the column's default), for plan previews.</summary>
    public string Reason { get; }

    public static PlanValue Constant(object? modelValue, Func<object?, object?>? toProvider, string reason)
        => new(PlanValueKind.Constant, modelValue, toProvider is null ? modelValue : toProvider(modelValue), null, reason);

    public static PlanValue Computed(Func<object, object?> factory, string reason, System.Linq.Expressions.LambdaExpression? expression = null)
        => new(PlanValueKind.Computed, null, null, factory, reason) { Expression = expression };

    /// <summary>For a computed value: the expression of the original (set mode has EF translate it to SQL).</summary>
    public System.Linq.Expressions.LambdaExpression? Expression { get; private init; }

    /// <summary>The original's key (part <paramref name="part"/> of it): the copy records where it came from.</summary>
    public static PlanValue OriginalKey(int part, string reason) => new(PlanValueKind.OriginalKey, part, null, null, reason);

    /// <summary>For <see cref="PlanValueKind.OriginalKey"/>: which part of the key.</summary>
    public int KeyPart => ModelValue is int part ? part : 0;

    public override string ToString() => Kind switch
    {
        PlanValueKind.Constant => $"= {ModelValue ?? "null"} ({Reason})",
        PlanValueKind.Computed => $"= {(Expression is null ? "f(original)" : Expression.ToString())} ({Reason})",
        PlanValueKind.OriginalKey => $"= the original's key ({Reason})",
        _ => $"store default ({Reason})",
    };
}

internal enum PlanValueKind
{
    /// <summary>The same value for every copy.</summary>
    Constant,

    /// <summary>A function of the original.</summary>
    Computed,

    /// <summary>Not written: the database fills the column (its default, or an identity's next value).</summary>
    StoreDefault,

    /// <summary>The original's key: lineage (<c>RecordOrigin</c>).</summary>
    OriginalKey,
}
