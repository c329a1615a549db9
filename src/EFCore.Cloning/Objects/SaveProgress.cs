using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace EFCore.Cloning.Objects;

/// <summary>
/// Reports object mode's progress while EF saves, table by table as its insert commands complete: EF publishes each
/// executed command on its diagnostic listener, and the commands of this context are counted per table they insert
/// into. A progress callback that cancels the operation's token stops the save before the next command (and the
/// transaction rolls back).
/// </summary>
internal sealed class SaveProgress : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private static readonly string CommandExecuted = RelationalEventId.CommandExecuted.Name!;

    private readonly DbContext _context;
    private readonly IProgress<CloneProgress> _progress;
    private readonly IReadOnlyDictionary<string, long> _planned;
    private readonly Dictionary<string, string> _inserts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _saved = new(StringComparer.Ordinal);
    private readonly List<IDisposable> _subscriptions = [];
    private readonly long _total;
    private long _done;

    /// <param name="context">The context whose commands are counted.</param>
    /// <param name="progress">Receives a report after each command that inserted copies.</param>
    /// <param name="planned">Rows to insert per table (its name as the result names it).</param>
    public SaveProgress(DbContext context, IProgress<CloneProgress> progress, IReadOnlyDictionary<string, long> planned)
    {
        _context = context;
        _progress = progress;
        _planned = planned;
        _total = planned.Values.Sum();
        var sql = context.GetService<ISqlGenerationHelper>();
        foreach (var table in context.Model.GetRelationalModel().Tables)
        {
            var name = table.Schema is null ? table.Name : $"{table.Schema}.{table.Name}";
            if (planned.ContainsKey(name))
            {
                _inserts[name] = "INSERT INTO " + sql.DelimitIdentifier(table.Name, table.Schema) + " ";
            }
        }

        _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
    }

    /// <summary>Reports what the commands did not show (a provider that writes rows another way), so that the last report totals every row.</summary>
    public void Complete()
    {
        foreach (var (table, rows) in _planned)
        {
            var missing = rows - _saved.GetValueOrDefault(table);
            if (missing > 0)
            {
                Report(table, missing);
            }
        }
    }

    public void Dispose()
    {
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }
    }

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener listener)
    {
        if (listener.Name == DbLoggerCategory.Name)
        {
            lock (_subscriptions)
            {
                _subscriptions.Add(listener.Subscribe(this, name => name == CommandExecuted));
            }
        }
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Value is not CommandExecutedEventData data || data.Context != _context)
        {
            return;
        }

        var text = data.Command.CommandText;
        foreach (var (table, insert) in _inserts)
        {
            var rows = Occurrences(text, insert);
            if (rows > 0)
            {
                Report(table, Math.Min(rows, _planned[table] - _saved.GetValueOrDefault(table)));
            }
        }
    }

    void IObserver<DiagnosticListener>.OnCompleted()
    {
    }

    void IObserver<DiagnosticListener>.OnError(Exception error)
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnCompleted()
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnError(Exception error)
    {
    }

    private void Report(string table, long rows)
    {
        if (rows <= 0)
        {
            return;
        }

        _saved[table] = _saved.GetValueOrDefault(table) + rows;
        _done += rows;
        _progress.Report(new CloneProgress(table, rows, _done, Math.Max(_total, _done)));
    }

    private static int Occurrences(string text, string pattern)
    {
        var count = 0;
        for (var at = text.IndexOf(pattern, StringComparison.Ordinal); at >= 0; at = text.IndexOf(pattern, at + pattern.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
