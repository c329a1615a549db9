using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace EFCore.Cloning.Tests.Field;

/// <summary><c>UseCloning(c =&gt; c.BatchSize(n))</c>: rows the library writes itself go n to a statement, and the copy is the same.</summary>
public abstract class BatchSizeTests : FieldTest
{
    [Fact]
    public async Task A_batch_size_splits_the_rows_the_library_writes_into_statements_of_that_size()
    {
        await using (var seed = Context())
        {
            seed.Labels.AddRange(new Label { Name = "Apollo" }, new Label { Name = "Gemini" }, new Label { Name = "Mercury" });
            await seed.SaveChangesAsync();
        }

        var whole = await StatementsAsync(batchSize: null);
        var single = await StatementsAsync(batchSize: 1);

        // Nine unique values (three labels, three copies each): one statement, or nine of one row.
        Assert.Equal(8, single - whole);
        Assert.Equal(21, Int(await ScalarAsync("""SELECT count(*) FROM "Labels" """)));
        Assert.Equal(2, Int(await ScalarAsync("""SELECT count(*) FROM "Labels" WHERE "Name" = 'Apollo (copy 6)' OR "Name" = 'Mercury (copy 6)'""")));
    }

    private async Task<int> StatementsAsync(int? batchSize)
    {
        var counter = new StatementCounter();
        using var loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(counter));
        var options = new DbContextOptionsBuilder<FieldContext>((DbContextOptions<FieldContext>)Database.Options<FieldContext>()).UseLoggerFactory(loggers);
        if (batchSize is { } rows)
        {
            options.UseCloning(c => c.BatchSize(rows));
        }

        await using var db = new FieldContext(options.Options);
        await db.Labels.Where(l => !l.Name.Contains("copy")).ExecuteCloneAsync(o => o.Copies(3));
        return counter.Count;
    }

    private sealed class StatementCounter : ILoggerProvider, ILogger
    {
        public int Count { get; private set; }

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
            => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Name == "StatementExecuting")
            {
                Count++;
            }
        }

        public void Dispose()
        {
        }
    }
}

public sealed class SqliteBatchSizeTests : BatchSizeTests
{
    protected override string Provider => "sqlite";
}

public sealed class PostgresBatchSizeTests : BatchSizeTests
{
    protected override string Provider => "postgres";
}
