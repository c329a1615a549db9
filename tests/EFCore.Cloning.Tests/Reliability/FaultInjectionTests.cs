using EFCore.Cloning.Tests.Specification;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace EFCore.Cloning.Tests.Reliability;

/// <summary>
/// DESIGN.md §1.7 under faults: the server connection is killed at each statement of a clone in turn, and the clone is
/// cancelled at each statement in turn; after each, every table is as before and no temporary table is left; then a
/// retry succeeds.
/// </summary>
[Collection(IsolatedCollection.Name)]
public sealed class FaultInjectionTests(ITestOutputHelper output)
{
    public static TheoryData<string> Engines => ["object mode", "set mode"];

    private static CloneEngine Engine(string name) => name == "set mode" ? CloneEngine.Sets : CloneEngine.Objects;

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Killing_the_connection_at_any_statement_leaves_the_database_as_it_was(string engine)
    {
        await using var database = await TestDatabase.CreateAsync("postgres");
        await SeedAsync(database);
        var before = await DatabaseFingerprint.OfPostgresAsync(database.ConnectionString);

        var killed = 0;
        for (var failAt = 1; ; failAt++)
        {
            using var faults = new PostgresFaults(database.ConnectionString, failAt);
            var exception = await Record.ExceptionAsync(() => CloneAsync(database, Engine(engine), CancellationToken.None));
            if (!faults.Fired || exception is null)
            {
                // The clone ran past its last statement (or the kill hit the lock release after the commit, which the
                // clone shrugs off): every statement before has been a kill point, and this clone is whole.
                Assert.Null(exception);
                break;
            }

            killed++;
            Assert.Equal(before, await DatabaseFingerprint.OfPostgresAsync(database.ConnectionString));
            Assert.Equal(0, await DatabaseFingerprint.TemporaryTablesAsync(database.ConnectionString));
        }

        Assert.True(killed >= 5, $"only {killed} statements were kill points");
        output.WriteLine($"{engine}: connection killed at {killed} statements in turn; database unchanged after each");
        await using var db = database.Catalog();
        Assert.Equal(2, await db.Stores.CountAsync());
        Assert.Equal(8, await db.Products.CountAsync());
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Cancelling_at_any_statement_leaves_the_database_as_it_was(string engine)
    {
        await using var database = await TestDatabase.CreateAsync("postgres");
        await SeedAsync(database);
        var before = await DatabaseFingerprint.OfPostgresAsync(database.ConnectionString);

        var cancelled = 0;
        for (var failAt = 1; ; failAt++)
        {
            using var cancellation = new CancellationTokenSource();
            using var faults = new PostgresFaults(database.ConnectionString, failAt, _ => cancellation.Cancel());
            var exception = await Record.ExceptionAsync(() => CloneAsync(database, Engine(engine), cancellation.Token));
            if (!faults.Fired)
            {
                Assert.Null(exception);
                break;
            }

            if (exception is null)
            {
                // Cancelled after the commit had started: the clone is whole. Remove it to keep the next round comparable.
                await using var cleanup = database.Catalog();
                var copy = await cleanup.Stores.OrderByDescending(s => s.Id).FirstAsync();
                await cleanup.Stores.Where(s => s.Id == copy.Id).ExecuteDeleteAsync();
                continue;
            }

            Assert.IsAssignableFrom<OperationCanceledException>(exception is AggregateException aggregate ? aggregate.InnerException : exception);
            cancelled++;
            Assert.Equal(before, await DatabaseFingerprint.OfPostgresAsync(database.ConnectionString));
            Assert.Equal(0, await DatabaseFingerprint.TemporaryTablesAsync(database.ConnectionString));
        }

        Assert.True(cancelled >= 5, $"only {cancelled} statements were cancellation points");
        output.WriteLine($"{engine}: cancelled at {cancelled} statements in turn; database unchanged after each");
    }

    private static async Task SeedAsync(TestDatabase database)
    {
        await using var db = await database.EnsureCreatedAsync(database.Catalog);
        await CatalogContext.SeedStoreAsync(db);
    }

    private static async Task CloneAsync(TestDatabase database, CloneEngine engine, CancellationToken cancellationToken)
    {
        await using var db = database.Catalog();
        var store = await db.Stores.SingleAsync(cancellationToken);
        if (engine == CloneEngine.Objects)
        {
            await db.CloneAndSaveAsync(store, o => o.Aggregate(), cancellationToken);
        }
        else
        {
            await db.Stores.Where(s => s.Id == store.Id).ExecuteCloneAsync(o => o.Aggregate(), cancellationToken);
        }
    }
}
