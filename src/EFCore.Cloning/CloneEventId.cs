using Microsoft.Extensions.Logging;

namespace EFCore.Cloning;

/// <summary>The stable event ids of the library's log events (category <see cref="CloneDiagnostics.LoggerCategory"/>), as EF's <c>CoreEventId</c> are.</summary>
public static class CloneEventId
{
    private const int Base = 40_100;

    /// <summary>A clone operation started (Debug): the root entity and the engine.</summary>
    public static readonly EventId CloneStarted = new(Base, nameof(CloneStarted));

    /// <summary>A clone operation finished (Information unless <c>UseCloning</c> says otherwise): rows per table and elapsed time.</summary>
    public static readonly EventId CloneFinished = new(Base + 1, nameof(CloneFinished));

    /// <summary>
    /// A clone operation failed or was cancelled (Warning, with the exception). Nothing was written, unless the failure
    /// came from an after-commit hook (<c>OnCloned</c>, <c>OnClonedAsync</c>), when the copy is saved.
    /// </summary>
    public static readonly EventId CloneFailed = new(Base + 2, nameof(CloneFailed));

    /// <summary>
    /// Set mode is about to run a statement (Debug), with its SQL; object mode's statements are EF's own command events
    /// (<c>Microsoft.EntityFrameworkCore.Database.Command</c>).
    /// </summary>
    public static readonly EventId StatementExecuting = new(Base + 3, nameof(StatementExecuting));
}
