namespace EFCore.Cloning.Planning;

/// <summary>What a copy gets for one property instead of the original's value.</summary>
internal sealed class PlanValue
{
    private PlanValue(PlanValueKind kind, object? constant, Func<object, object?>? factory)
    {
        Kind = kind;
        Constant = constant;
        Factory = factory;
    }

    public static PlanValue Reset { get; } = new(PlanValueKind.Reset, null, null);

    public PlanValueKind Kind { get; }

    public object? Constant { get; }

    /// <summary>Computes the value from the original entity (object mode only).</summary>
    public Func<object, object?>? Factory { get; }

    public static PlanValue Of(object? constant) => new(PlanValueKind.Constant, constant, null);

    public static PlanValue From(Func<object, object?> factory) => new(PlanValueKind.Computed, null, factory);
}

internal enum PlanValueKind
{
    /// <summary>The same value for every copy.</summary>
    Constant,

    /// <summary>A function of the original.</summary>
    Computed,

    /// <summary>The store default if the column has one, else the CLR default.</summary>
    Reset,
}
