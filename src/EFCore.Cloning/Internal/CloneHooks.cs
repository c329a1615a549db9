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
}
