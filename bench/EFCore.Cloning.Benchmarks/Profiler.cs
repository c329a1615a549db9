using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace EFCore.Cloning.Benchmarks;

/// <summary>
/// Per-statement timings, taken where every statement passes: the provider. Npgsql's ActivitySource ("Npgsql", tag
/// db.query.text) and SQLite's sqlite3_profile hook (see <see cref="SqliteProfileHook"/>).
/// EF's own DiagnosticListener is not enough for set mode: the library reports its writes there (CommandExecuted) but
/// not its reads (key-map fixpoints, unique-value lookups); its events are counted, and SaveChangesStarting /
/// SaveChangesCompleted split object mode into load, build and save.
/// </summary>
public sealed partial class Profiler : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly List<IDisposable> _subscriptions = [];
    private readonly List<(string Sql, TimeSpan Duration, DateTimeOffset End, bool Reader)> _statements = [];
    private readonly IDisposable _all;
    private readonly ActivityListener _npgsql;
    private DateTimeOffset? _saveStarted;
    private DateTimeOffset? _saveCompleted;
    private int _efCommandEvents;

    public Profiler()
    {
        _all = DiagnosticListener.AllListeners.Subscribe(this);
        _npgsql = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => Record(
                activity.GetTagItem("db.query.text") as string ?? activity.DisplayName, activity.Duration, activity.StartTimeUtc + activity.Duration, reader: true),
        };
        ActivitySource.AddActivityListener(_npgsql);
        Current = this;
    }

    /// <summary>The profiler of this process's profiled run, if any: contexts hook their SQLite connections to it.</summary>
    public static Profiler? Current { get; private set; }

    public DateTimeOffset Start { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>Forgets the warm-up run.</summary>
    public void Clear()
    {
        lock (_statements)
        {
            _statements.Clear();
        }

        _saveStarted = _saveCompleted = null;
        _efCommandEvents = 0;
    }

    /// <summary>A statement SQLite reports as finished, <paramref name="nanoseconds"/> after it started.</summary>
    public void Add(string sql, long nanoseconds)
    {
        var duration = TimeSpan.FromTicks(nanoseconds / 100);
        Record(sql, duration, DateTimeOffset.UtcNow, reader: true);
    }

    public void OnNext(DiagnosticListener value)
    {
        if (value.Name == DbLoggerCategory.Name)
        {
            lock (_subscriptions)
            {
                _subscriptions.Add(value.Subscribe(this));
            }
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        switch (value.Value)
        {
            case CommandExecutedEventData:
                Interlocked.Increment(ref _efCommandEvents);
                break;
            case var _ when value.Key == CoreEventId.SaveChangesStarting.Name:
                _saveStarted ??= DateTimeOffset.UtcNow;
                break;
            case var _ when value.Key == CoreEventId.SaveChangesCompleted.Name:
                _saveCompleted = DateTimeOffset.UtcNow;
                break;
        }
    }

    private void Record(string sql, TimeSpan duration, DateTimeOffset end, bool reader)
    {
        lock (_statements)
        {
            _statements.Add((sql, duration, end, reader));
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    /// <summary>The top statements by total time (same text summed), and for object mode its phases.</summary>
    public IEnumerable<string> Report(DateTimeOffset end, int top = 12)
    {
        var total = (end - Start).TotalMilliseconds;
        var inStatements = _statements.Sum(s => s.Duration.TotalMilliseconds);
        yield return FormattableString.Invariant($"total {total:0} ms; {_statements.Count} statements, {inStatements:0} ms in them; EF CommandExecuted events: {_efCommandEvents}");
        if (_saveStarted is { } started && _saveCompleted is { } completed)
        {
            var lastRead = _statements.Where(s => s.Reader && s.End <= started).Select(s => s.End).DefaultIfEmpty(Start).Max();
            yield return FormattableString.Invariant(
                $"phases: load {(lastRead - Start).TotalMilliseconds:0} ms, build copies {(started - lastRead).TotalMilliseconds:0} ms, SaveChanges {(completed - started).TotalMilliseconds:0} ms, after {(end - completed).TotalMilliseconds:0} ms");
        }

        // Time outside any statement (planning, C# work, commit): before the first, between statements, after the last.
        var ordered = _statements.OrderBy(s => s.End - s.Duration).ToList();
        if (ordered.Count > 0)
        {
            var gaps = ordered.Skip(1).Select((s, i) => (Gap: (s.End - s.Duration - ordered[i].End).TotalMilliseconds, Before: s.Sql)).ToList();
            var first = (ordered[0].End - ordered[0].Duration - Start).TotalMilliseconds;
            var last = (end - ordered.Max(s => s.End)).TotalMilliseconds;
            yield return FormattableString.Invariant($"outside statements: {first:0} ms before the first, {gaps.Where(g => g.Gap > 0).Sum(g => g.Gap):0} ms between, {last:0} ms after the last (commit included)");
            foreach (var (gap, before) in gaps.OrderByDescending(g => g.Gap).Take(3).Where(g => g.Gap >= 5))
            {
                yield return FormattableString.Invariant($"  gap {gap:0} ms before: {Truncate(Shape(before), 110)}");
            }
        }

        foreach (var group in _statements.GroupBy(s => Shape(s.Sql)).OrderByDescending(g => g.Sum(s => s.Duration.TotalMilliseconds)).Take(top))
        {
            var ms = group.Sum(s => s.Duration.TotalMilliseconds);
            yield return string.Create(CultureInfo.InvariantCulture, $"{ms,9:0.0} ms {100 * ms / total,5:0.0}% x{group.Count(),-5} {Truncate(group.Key, 150)}");
        }
    }

    /// <summary>Statements that differ only in parameter names or values-list length count as one.</summary>
    private static string Shape(string sql)
    {
        var oneLine = Whitespace().Replace(sql, " ").Trim();
        var values = oneLine.IndexOf(" VALUES (", StringComparison.Ordinal);
        return values >= 0 ? oneLine[..(values + 8)] + "...)" : Digits().Replace(oneLine, "N");
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 3)] + "...";

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"(?<=[@_a-z])\d+")]
    private static partial Regex Digits();

    public void Dispose()
    {
        Current = null;
        _npgsql.Dispose();
        _all.Dispose();
        lock (_subscriptions)
        {
            _subscriptions.ForEach(s => s.Dispose());
        }
    }
}
