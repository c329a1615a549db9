using System.Linq.Expressions;

namespace EFCore.Cloning.Internal;

/// <summary>Code registered in <c>OnModelCreating</c> to run around the copies of one entity type.</summary>
internal sealed class CloneHooks
{
    /// <summary>Run for each copy before it is saved, with (original, copy); may change the copy.</summary>
    public List<Action<object, object>> BeforeSave { get; } = [];

    /// <summary>Run for each copy after the operation is saved, with (original, copy); the copy has its new key.</summary>
    public List<Action<object, object>> AfterSave { get; } = [];

    /// <summary>Awaited for each copy before it is saved (after the synchronous ones), with (original, copy, cancellation).</summary>
    public List<Func<object, object, CancellationToken, Task>> BeforeSaveAsync { get; } = [];

    /// <summary>Awaited for each copy after the operation committed (after the synchronous ones), with (original, copy, cancellation).</summary>
    public List<Func<object, object, CancellationToken, Task>> AfterSaveAsync { get; } = [];

    /// <summary>Run once per operation after it committed, in both engines, with the original-to-copy keys of the type's copies.</summary>
    public List<Func<IReadOnlyList<KeyMapping>, CancellationToken, Task>> Committed { get; } = [];

    /// <summary>Conditions every root of the type must meet, checked before anything is written, in both engines.</summary>
    public List<CloneGuard> Guards { get; } = [];

    /// <summary>The hooks that work on entities (which set mode never makes), by the name the model builder gave them.</summary>
    public IEnumerable<string> EntityHookNames()
    {
        if (BeforeSave.Count > 0)
        {
            yield return "OnCloning";
        }

        if (BeforeSaveAsync.Count > 0)
        {
            yield return "OnCloningAsync";
        }

        if (AfterSave.Count > 0)
        {
            yield return "OnCloned";
        }

        if (AfterSaveAsync.Count > 0)
        {
            yield return "OnClonedAsync";
        }
    }
}

/// <summary>A condition over an original (an expression, so that set mode has EF translate it) and the reason given when it fails.</summary>
internal sealed record CloneGuard(LambdaExpression Predicate, Func<object, bool> Compiled, string Reason);
