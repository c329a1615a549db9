using System.Data.Common;

namespace EFCore.Cloning.Sql;

/// <summary>Keeps the text of each statement a preview runs, then tells the observer it wraps (EF's command logging).</summary>
internal sealed class CommandRecorder : ICommandObserver
{
    private ICommandObserver? _inner;

    public List<string> Statements { get; } = [];

    public CommandRecorder Around(ICommandObserver inner)
    {
        _inner = inner;
        return this;
    }

    public void Executing(DbCommand command, Guid id, DateTimeOffset start)
    {
        // The statements that build and write; the preview's own counting and column probes are reads, left out.
        if (!command.CommandText.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase))
        {
            Statements.Add(command.CommandText);
        }

        _inner?.Executing(command, id, start);
    }

    public void Executed(DbCommand command, Guid id, DateTimeOffset start, TimeSpan duration, int rows) => _inner?.Executed(command, id, start, duration, rows);

    public void Failed(DbCommand command, Guid id, DateTimeOffset start, TimeSpan duration, Exception exception) => _inner?.Failed(command, id, start, duration, exception);
}
