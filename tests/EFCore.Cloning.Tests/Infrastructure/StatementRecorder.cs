using Microsoft.Extensions.Logging;

namespace EFCore.Cloning.Tests.Infrastructure;

/// <summary>A logger provider that keeps the text of each set-mode statement the library logs (<c>StatementExecuting</c>).</summary>
public sealed class StatementRecorder : ILoggerProvider, ILogger
{
    private readonly List<string> _statements = [];

    public IReadOnlyList<string> Statements => _statements;

    /// <summary>A logger factory at debug level that reports to this recorder.</summary>
    public ILoggerFactory Factory() => LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(this));

    public ILogger CreateLogger(string categoryName) => this;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull
        => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (eventId.Name == "StatementExecuting")
        {
            _statements.Add(formatter(state, exception));
        }
    }

    public void Dispose()
    {
    }
}
