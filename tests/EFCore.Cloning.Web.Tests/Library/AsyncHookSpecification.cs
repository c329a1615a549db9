using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Web.Tests.Library;

/// <summary>OnCloningAsync / OnClonedAsync in object mode: awaited before the copies are saved, and after the commit.</summary>
public abstract class AsyncHookSpecification(string provider)
{
    // Hooks belong to the model, which outlives a test: what they observe goes to the running test's log.
    private static readonly AsyncLocal<List<string>?> Log = new();

    // Whether a row is visible from another connection: only once the clone's transaction committed.
    private static readonly AsyncLocal<Func<int, Task<bool>>?> Committed = new();

    private static readonly Action<ModelBuilder> Hooked = modelBuilder => modelBuilder.Entity<Card>()
        .OnCloning((original, copy) => Log.Value?.Add($"OnCloning {original.Title}"))
        .OnCloningAsync(async (original, copy, cancellationToken) =>
        {
            await Task.Delay(1, cancellationToken);
            Log.Value?.Add($"OnCloningAsync {original.Title} cancellable={cancellationToken.CanBeCanceled}");
            if (original.Title == "Fail")
            {
                throw new InvalidOperationException("hook refused the copy");
            }

            copy.Title = $"{original.Title} (from #{original.Id})";
        })
        .OnCloned((original, copy) => Log.Value?.Add($"OnCloned {copy.Title}"))
        .OnClonedAsync(async (original, copy, cancellationToken) =>
        {
            var committed = Committed.Value is { } visible && await visible(copy.Id);
            Log.Value?.Add($"OnClonedAsync #{copy.Id} committed={committed}");
        });

    [Fact]
    public async Task Before_save_hooks_change_what_is_inserted_and_after_save_hooks_run_after_the_commit()
    {
        await using var database = await BoardDatabase.CreateAsync(provider, Hooked);
        Log.Value = [];
        Committed.Value = async id => await database.Sql.CountAsync("Cards", $"\"Id\" = {id}") == 1;
        await using var db = database.Context(Hooked);
        var board = await db.Boards.SingleAsync();
        using var cancellation = new CancellationTokenSource();

        var result = await db.CloneAndSaveAsync(board, o => o.Include(b => b.Cards), cancellation.Token);

        var titles = await database.Sql.RowsAsync($"SELECT \"Title\" FROM \"Cards\" WHERE \"BoardId\" = {result.Copy.Id} ORDER BY \"Position\"");
        Assert.Equal(["Draft (from #1)", "Review (from #2)", "Ship (from #3)"], titles.Select(r => r[0]));
        var copies = result.Copy.Cards.OrderBy(c => c.Position).Select(c => c.Id).ToList();
        Assert.Equal(
            [
                "OnCloning Draft", "OnCloningAsync Draft cancellable=True", "OnCloning Review", "OnCloningAsync Review cancellable=True",
                "OnCloning Ship", "OnCloningAsync Ship cancellable=True",
                "OnCloned Draft (from #1)", $"OnClonedAsync #{copies[0]} committed=True", "OnCloned Review (from #2)", $"OnClonedAsync #{copies[1]} committed=True",
                "OnCloned Ship (from #3)", $"OnClonedAsync #{copies[2]} committed=True",
            ],
            Log.Value);
    }

    [Fact]
    public async Task A_failing_before_save_hook_writes_nothing()
    {
        await using var database = await BoardDatabase.CreateAsync(provider, Hooked);
        Log.Value = [];
        await database.Sql.ExecuteAsync("UPDATE \"Cards\" SET \"Title\" = 'Fail' WHERE \"Position\" = 2");
        var before = await database.Sql.CountAsync("Cards");
        await using var db = database.Context(Hooked);
        var board = await db.Boards.SingleAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => db.CloneAndSaveAsync(board, o => o.Include(b => b.Cards)));

        Assert.Equal("hook refused the copy", error.Message);
        Assert.Equal(before, await database.Sql.CountAsync("Cards"));
        Assert.Equal(1, await database.Sql.CountAsync("Boards"));
        Assert.DoesNotContain(Log.Value!, line => line.StartsWith("OnCloned", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Set_mode_refuses_a_type_with_async_hooks_before_writing()
    {
        await using var database = await BoardDatabase.CreateAsync(provider, Hooked);
        await using var db = database.Context(Hooked);

        var error = await Assert.ThrowsAsync<CloneException>(() => db.Boards.ExecuteCloneAsync(o => o.Include(b => b.Cards)));

        Assert.Contains("Card", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, await database.Sql.CountAsync("Boards"));
        Assert.Equal(3, await database.Sql.CountAsync("Cards"));
    }

    [Fact]
    public async Task Cancelling_inside_a_before_save_hook_writes_nothing()
    {
        await using var database = await BoardDatabase.CreateAsync(provider);
        using var cancellation = new CancellationTokenSource();
        Action<ModelBuilder> cancelling = modelBuilder => modelBuilder.Entity<Card>().OnCloningAsync((original, copy, token) =>
        {
            cancellation.Cancel();
            return Task.Delay(Timeout.Infinite, token);
        });
        await using var db = database.Context(cancelling);
        var board = await db.Boards.SingleAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => db.CloneAndSaveAsync(board, o => o.Include(b => b.Cards), cancellation.Token));

        Assert.Equal(3, await database.Sql.CountAsync("Cards"));
        Assert.Equal(1, await database.Sql.CountAsync("Boards"));
    }
}

public sealed class SqliteAsyncHookTests() : AsyncHookSpecification("sqlite");

public sealed class PostgresAsyncHookTests() : AsyncHookSpecification("postgres");
