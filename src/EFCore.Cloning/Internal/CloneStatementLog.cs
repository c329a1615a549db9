using System.Data.Common;
using Microsoft.Extensions.Logging;

namespace EFCore.Cloning.Internal;

/// <summary>
/// Logs set mode's statements, which run on the context's connection past EF's command pipeline (and so past EF's
/// command logging): the instrumentation opens a scope with the context's logger around each operation, and the
/// statement runner reports each command to it; without a scope (the tool) nothing is logged.
/// </summary>
internal static class CloneStatementLog
{
    private static readonly AsyncLocal<ILogger?> Current = new();

    /// <summary>Sends the statements of the operation running in this flow to <paramref name="logger"/> until disposed.</summary>
    public static IDisposable Begin(ILogger? logger)
    {
        var outer = Current.Value;
        Current.Value = logger;
        return new Scope(outer);
    }

    /// <summary>Called by the statement runner before each command.</summary>
    public static void Executing(DbCommand command)
    {
        if (Current.Value is { } logger && logger.IsEnabled(LogLevel.Debug))
        {
            logger.Log(
                LogLevel.Debug,
                CloneEventId.StatementExecuting,
                "Executing set-mode statement ({Parameters} parameters, timeout {Timeout} s){NewLine}{CommandText}",
                command.Parameters.Count,
                command.CommandTimeout,
                Environment.NewLine,
                command.CommandText);
        }
    }

    private sealed class Scope(ILogger? outer) : IDisposable
    {
        public void Dispose() => Current.Value = outer;
    }
}
