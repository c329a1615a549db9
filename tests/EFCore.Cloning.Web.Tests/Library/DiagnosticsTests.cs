using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace EFCore.Cloning.Web.Tests.Library;

/// <summary>The log events (category "EFCore.Cloning", stable ids) and the activity of each clone, on SQLite.</summary>
public sealed class DiagnosticsTests
{
    [Fact]
    public async Task Each_clone_is_one_activity_with_engine_root_rows_and_tables()
    {
        await using var database = await BoardDatabase.CreateAsync("sqlite");
        using var recorder = new ActivityRecorder();
        await using var db = database.Context();
        var board = await db.Boards.SingleAsync();

        await db.CloneAndSaveAsync(board, o => o.Aggregate());
        await db.Boards.Where(b => b.Id == board.Id).ExecuteCloneAsync(o => o.Include(b => b.Cards).Copies(2));

        var activities = recorder.Stopped;
        Assert.Equal(2, activities.Count);
        Assert.All(activities, a => Assert.Equal("clone Board", a.DisplayName));
        Assert.Equal(["object", "set"], activities.Select(a => a.GetTagItem(CloneDiagnostics.EngineTag)));
        Assert.All(activities, a => Assert.Equal("Board", a.GetTagItem(CloneDiagnostics.RootEntityTag)));
        Assert.Equal([1L + 3 + 3, 2L * (1 + 3)], activities.Select(a => a.GetTagItem(CloneDiagnostics.RowsTag)));
        Assert.Equal(["Boards", "CardLabel", "Cards"], (string[])activities[0].GetTagItem(CloneDiagnostics.TablesTag)!);
        Assert.Equal(["Boards", "Cards"], (string[])activities[1].GetTagItem(CloneDiagnostics.TablesTag)!);
        Assert.Equal(4, await database.Sql.CountAsync("Boards"));
    }

    [Fact]
    public async Task A_failed_clone_is_an_activity_with_an_error_status()
    {
        await using var database = await BoardDatabase.CreateAsync("sqlite");
        using var recorder = new ActivityRecorder();
        await using var db = database.Context();
        var board = await db.Boards.SingleAsync();

        await Assert.ThrowsAsync<CloneException>(() => db.CloneAndSaveAsync(board, o => o.Copies(2)));

        var failed = Assert.Single(recorder.Stopped);
        Assert.Equal(ActivityStatusCode.Error, failed.Status);
        Assert.Contains("Copies(2)", failed.StatusDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Started_finished_and_failed_events_go_through_the_contexts_logger_factory()
    {
        await using var database = await BoardDatabase.CreateAsync("sqlite");
        var provider = new CollectingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(provider).SetMinimumLevel(LogLevel.Debug));
        await using var db = database.Context(options: o => o.UseLoggerFactory(loggers));
        var board = await db.Boards.SingleAsync();

        var result = await db.CloneAndSaveAsync(board, o => o.Include(b => b.Cards));
        await Assert.ThrowsAsync<CloneException>(() => db.CloneAndSaveAsync(board, o => o.Copies(2)));

        // The operation's own events; the statements the library writes itself (object mode's inserts too) have theirs.
        var events = provider.Events.Where(e => e.Category == CloneDiagnostics.LoggerCategory && e.Id != CloneEventId.StatementExecuting).ToList();
        Assert.Equal(
            [(CloneEventId.CloneStarted.Id, LogLevel.Debug), (CloneEventId.CloneFinished.Id, LogLevel.Information), (CloneEventId.CloneStarted.Id, LogLevel.Debug), (CloneEventId.CloneFailed.Id, LogLevel.Warning)],
            events.Select(e => (e.Id.Id, e.Level)));
        Assert.Equal([40100, 40101, 40102], new[] { CloneEventId.CloneStarted.Id, CloneEventId.CloneFinished.Id, CloneEventId.CloneFailed.Id });
        Assert.Equal("Cloning 'Board' in object mode", events[0].Message);
        Assert.Matches(@"^Cloned 'Board' in object mode: 4 rows \(Boards: 1, Cards: 3\) in \d+\.\d ms$", events[1].Message);
        Assert.Contains(events[1].State, kv => kv.Key == "Rows" && Equals(kv.Value, 4L));
        Assert.Equal(4, result.TotalRows);
        Assert.IsType<CloneException>(events[3].Exception);

        // The statements themselves are EF's own command events, in EF's categories, from the same logger factory.
        Assert.Contains(provider.Events, e => e.Category == DbLoggerCategory.Database.Command.Name && e.Message.Contains("INSERT INTO \"Cards\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Set_mode_logs_each_statement_it_runs()
    {
        await using var database = await BoardDatabase.CreateAsync("sqlite");
        var provider = new CollectingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(provider).SetMinimumLevel(LogLevel.Debug));
        await using var db = database.Context(options: o => o.UseLoggerFactory(loggers));

        await db.Boards.ExecuteCloneAsync(o => o.Include(b => b.Cards));

        var statements = provider.Events.Where(e => e.Id == CloneEventId.StatementExecuting).ToList();
        Assert.All(statements, e => Assert.Equal(CloneDiagnostics.LoggerCategory, e.Category));
        Assert.Contains(statements, e => e.Message.Contains("INSERT INTO \"Boards\"", StringComparison.Ordinal));
        Assert.Contains(statements, e => e.Message.Contains("INSERT INTO \"Cards\"", StringComparison.Ordinal));
        Assert.Equal(3, await database.Sql.CountAsync("Cards", "\"BoardId\" = 2"));
    }

    [Fact]
    public async Task UseCloning_sets_the_finished_level_or_turns_the_events_off()
    {
        await using var database = await BoardDatabase.CreateAsync("sqlite");
        foreach (var (level, expected) in new[] { (LogLevel.Debug, 2), (LogLevel.None, 0) })
        {
            var provider = new CollectingLoggerProvider();
            using var loggers = LoggerFactory.Create(b => b.AddProvider(provider).SetMinimumLevel(LogLevel.Debug));
            await using var db = database.Context(options: o => o.UseLoggerFactory(loggers).UseCloning(c => c.LogLevel(level)));
            var board = await db.Boards.SingleAsync(b => b.Name == "Plan");

            await db.CloneAndSaveAsync(board);

            var events = provider.Events.Where(e => e.Category == CloneDiagnostics.LoggerCategory && e.Id != CloneEventId.StatementExecuting).ToList();
            Assert.Equal(expected, events.Count);
            Assert.All(events, e => Assert.Equal(LogLevel.Debug, e.Level));
        }
    }
}
