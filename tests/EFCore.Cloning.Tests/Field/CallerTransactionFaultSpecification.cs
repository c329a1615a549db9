using EFCore.Cloning.Tests.Specification;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace EFCore.Cloning.Tests.Field;

/// <summary>
/// Inside the caller's own transaction, the clone is cancelled at each of its statements in turn (EF's commands for
/// object mode, set mode's own statements): every time, the caller's transaction stays usable and commits their own
/// rows, and no row of the clone is left; then a clone that runs to its end is whole.
/// </summary>
public abstract class CallerTransactionFaultSpecification : FieldTest
{
    protected abstract CloneEngine Engine { get; }

    [Fact]
    public async Task A_cancellation_at_any_statement_inside_the_callers_transaction_keeps_their_work_and_none_of_the_clone()
    {
        var interrupted = 0;
        for (var failAt = 1; failAt < 200; failAt++)
        {
            using var cancellation = new CancellationTokenSource();
            var statements = new StatementCounter(failAt, cancellation);
            using var loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(statements));
            await using var db = new FieldContext(new DbContextOptionsBuilder<FieldContext>((DbContextOptions<FieldContext>)Database.Options<FieldContext>())
                .UseLoggerFactory(loggers).Options);
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Tenants.Add(new Tenant { Name = $"before {failAt}" });
            await db.SaveChangesAsync();
            var survey = await db.Surveys.SingleAsync(s => s.Id == Seeded.Survey);

            statements.Armed = true;
            var error = await Record.ExceptionAsync(() => Engine == CloneEngine.Objects
                ? db.CloneAndSaveAsync(survey, o => o.Aggregate(), cancellation.Token)
                : db.Surveys.Where(s => s.Id == survey.Id).ExecuteCloneAsync(o => o.Aggregate(), cancellation.Token));
            statements.Armed = false;

            db.Tenants.Add(new Tenant { Name = $"after {failAt}" });
            await db.SaveChangesAsync();
            await transaction.CommitAsync();

            Assert.Equal(2, Int(await ScalarAsync($"""SELECT count(*) FROM "Tenants" WHERE "Name" IN ('before {failAt}', 'after {failAt}')""")));
            if (!statements.Fired)
            {
                Assert.Null(error);
                Assert.Equal(2, Int(await ScalarAsync("""SELECT count(*) FROM "Surveys" """)));
                Assert.Equal(5, Int(await ScalarAsync("""SELECT count(*) FROM "Questions" """)));
                Assert.True(interrupted >= 3, $"only {interrupted} statements were cancellation points");
                if (Environment.GetEnvironmentVariable("EFCLONE_FIGURES") is { } figures)
                {
                    await File.AppendAllTextAsync(figures, $"{GetType().Name}: cancelled at {interrupted} statements in turn inside the caller's transaction\n");
                }

                return;
            }

            Assert.IsAssignableFrom<OperationCanceledException>(error);
            interrupted++;
            Assert.Equal(1, Int(await ScalarAsync("""SELECT count(*) FROM "Surveys" """)));
            Assert.Equal(3, Int(await ScalarAsync("""SELECT count(*) FROM "Questions" """)));
        }

        Assert.Fail("The clone never ran to its end.");
    }

    /// <summary>Cancels the token when the Nth statement of the clone is about to run, from the statement log of EF or of set mode.</summary>
    private sealed class StatementCounter(int failAt, CancellationTokenSource cancellation) : ILoggerProvider, ILogger
    {
        private int _count;

        public bool Armed { get; set; }

        public bool Fired { get; private set; }

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
            => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var statement = eventId.Id == 20100 || eventId.Name == "StatementExecuting";
            if (Armed && statement && ++_count == failAt)
            {
                Fired = true;
                cancellation.Cancel();
            }
        }

        public void Dispose()
        {
        }
    }
}

public sealed class CallerTransactionFaultObjectSqliteSpecification : CallerTransactionFaultSpecification
{
    protected override string Provider => "sqlite";

    protected override CloneEngine Engine => CloneEngine.Objects;
}

public sealed class CallerTransactionFaultSetSqliteSpecification : CallerTransactionFaultSpecification
{
    protected override string Provider => "sqlite";

    protected override CloneEngine Engine => CloneEngine.Sets;
}

public sealed class CallerTransactionFaultObjectPostgresSpecification : CallerTransactionFaultSpecification
{
    protected override string Provider => "postgres";

    protected override CloneEngine Engine => CloneEngine.Objects;
}

public sealed class CallerTransactionFaultSetPostgresSpecification : CallerTransactionFaultSpecification
{
    protected override string Provider => "postgres";

    protected override CloneEngine Engine => CloneEngine.Sets;
}
