using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace EFCore.Cloning.Web.Tests.Library;

/// <summary><c>optionsBuilder.UseCloning(c =&gt; ...)</c>: defaults for every clone of a context; cloning works without it.</summary>
public sealed class UseCloningTests
{
    [Fact]
    public async Task The_default_suffix_names_copies_of_unique_strings_in_both_engines()
    {
        await using var database = await BoardDatabase.CreateAsync("sqlite");
        var suffix = CloneSuffix.Create(" - Copy", " - Copy {0}");
        await using var db = database.Context(options: o => o.UseCloning(c => c.DefaultSuffix(suffix)));
        var board = await db.Boards.SingleAsync();

        await db.CloneAndSaveAsync(board);
        await db.Boards.Where(b => b.Id == board.Id).ExecuteCloneAsync();
        await db.CloneAndSaveAsync(board, o => o.Suffix(b => b.Name, CloneSuffix.Slug));

        var names = await database.Sql.RowsAsync("SELECT \"Name\" FROM \"Boards\" ORDER BY \"Id\"");
        Assert.Equal(["Plan", "Plan - Copy", "Plan - Copy 2", "Plan-copy"], names.Select(r => r[0]));
    }

    [Fact]
    public async Task Without_UseCloning_the_conventions_apply()
    {
        await using var database = await BoardDatabase.CreateAsync("sqlite");
        await using var db = database.Context();
        var board = await db.Boards.SingleAsync();

        var copy = await db.CloneAndSaveAsync(board);

        Assert.Equal("Plan (copy)", await database.Sql.ScalarAsync<string>($"SELECT \"Name\" FROM \"Boards\" WHERE \"Id\" = {copy.Copy.Id}"));
    }

    [Fact]
    public async Task The_command_timeout_applies_to_the_clones_commands_when_the_context_sets_none()
    {
        await using var database = await BoardDatabase.CreateAsync("sqlite");
        var timeouts = new TimeoutRecorder();
        await using var db = database.Context(options: o => o.UseCloning(c => c.CommandTimeout(77)).AddInterceptors(timeouts));
        var board = await db.Boards.SingleAsync();
        timeouts.Seen.Clear();

        await db.CloneAndSaveAsync(board, o => o.Include(b => b.Cards));

        Assert.NotEmpty(timeouts.Seen);
        Assert.All(timeouts.Seen, t => Assert.Equal(77, t));
        Assert.Null(db.Database.GetCommandTimeout());

        db.Database.SetCommandTimeout(5);
        timeouts.Seen.Clear();
        await db.CloneAndSaveAsync(board);
        Assert.All(timeouts.Seen, t => Assert.Equal(5, t));
    }

    [Fact]
    public void The_options_show_in_EFs_log_fragment_and_UseCloning_can_be_called_twice()
    {
        var builder = new DbContextOptionsBuilder().UseSqlite("Data Source=:memory:");
        builder.UseCloning(c => c.CommandTimeout(30)).UseCloning(c => c.DefaultSuffix(CloneSuffix.Slug));

        var extension = builder.Options.Extensions.Single(e => e.Info.LogFragment.StartsWith("using cloning", StringComparison.Ordinal));
        Assert.Equal("using cloning DefaultSuffix=(value-copy, value-copy-2) CommandTimeout=30 ", extension.Info.LogFragment);
    }

    private sealed class TimeoutRecorder : DbCommandInterceptor
    {
        public List<int> Seen { get; } = [];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Seen.Add(command.CommandTimeout);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
