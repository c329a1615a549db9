using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging;

namespace EFCore.Cloning.Internal;

/// <summary>
/// Wraps each public clone entry point: one activity of <see cref="CloneDiagnostics.ActivitySourceName"/>, the
/// started / finished / failed events through the context's logger factory, and the <c>UseCloning</c> command timeout.
/// The engines know nothing of it.
/// </summary>
internal static class CloneInstrumentation
{
    private static readonly ActivitySource Source = new(
        CloneDiagnostics.ActivitySourceName,
        typeof(CloneInstrumentation).Assembly.GetName().Version?.ToString());

    public static async Task<TResult> RunAsync<TResult>(
        DbContext context,
        string engine,
        Type rootType,
        Func<Task<TResult>> run,
        Func<TResult, IReadOnlyDictionary<string, long>> tables)
    {
        var defaults = CloneDefaults.Of(context);
        var level = defaults?.LogLevel ?? LogLevel.Information;
        var logger = level == LogLevel.None ? null : context.GetService<ILoggerFactory>().CreateLogger(CloneDiagnostics.LoggerCategory);
        var root = context.Model.FindRuntimeEntityType(rootType)?.DisplayName() ?? rootType.Name;

        using var activity = Source.StartActivity($"clone {root}", ActivityKind.Internal);
        activity?.SetTag(CloneDiagnostics.EngineTag, engine);
        activity?.SetTag(CloneDiagnostics.RootEntityTag, root);
        logger?.Log(LogLevel.Debug, CloneEventId.CloneStarted, "Cloning '{Entity}' in {Engine} mode", root, engine);

        var stopwatch = Stopwatch.StartNew();
        using var timeout = CloneDefaults.ApplyCommandTimeout(context, defaults);
        using var statements = CloneStatementLog.Begin(logger);
        try
        {
            var result = await run().ConfigureAwait(false);
            var counts = tables(result);
            var rows = counts.Values.Sum();
            activity?.SetTag(CloneDiagnostics.RowsTag, rows);
            activity?.SetTag(CloneDiagnostics.TablesTag, counts.Keys.Order(StringComparer.Ordinal).ToArray());
            logger?.Log(
                level,
                CloneEventId.CloneFinished,
                "Cloned '{Entity}' in {Engine} mode: {Rows} rows ({Tables}) in {ElapsedMs} ms",
                root,
                engine,
                rows,
                string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}: {c.Value}")),
                stopwatch.Elapsed.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture));
            return result;
        }
        catch (Exception exception)
        {
            activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
            activity?.AddException(exception);
            logger?.Log(
                LogLevel.Warning,
                CloneEventId.CloneFailed,
                exception,
                "Cloning '{Entity}' in {Engine} mode failed after {ElapsedMs} ms",
                root,
                engine,
                stopwatch.Elapsed.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture));
            throw;
        }
    }
}
