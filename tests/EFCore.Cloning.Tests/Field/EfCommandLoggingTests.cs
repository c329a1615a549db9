using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace EFCore.Cloning.Tests.Field;

/// <summary>Set mode's statements appear in EF's own command logging, as the statements EF runs do.</summary>
public abstract class EfCommandLoggingTests : FieldTest
{
    [Fact]
    public async Task Set_mode_statements_are_logged_by_EF_as_executed_commands()
    {
        var lines = new List<string>();
        var options = new DbContextOptionsBuilder<FieldContext>((DbContextOptions<FieldContext>)Database.Options<FieldContext>())
            .LogTo(lines.Add, [RelationalEventId.CommandExecuted]);
        await using var db = new FieldContext(options.Options);

        await db.Surveys.Where(s => s.Id == Seeded.Survey).ExecuteCloneAsync(o => o.Aggregate());

        Assert.Contains(lines, l => l.Contains("INSERT INTO \"Surveys\"", StringComparison.Ordinal) && l.Contains("efc_", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("INSERT INTO \"Questions\"", StringComparison.Ordinal));
        Assert.Equal(2, Int(await ScalarAsync("""SELECT count(*) FROM "Surveys" """)));
    }
}

public sealed class SqliteEfCommandLoggingTests : EfCommandLoggingTests
{
    protected override string Provider => "sqlite";
}

public sealed class PostgresEfCommandLoggingTests : EfCommandLoggingTests
{
    protected override string Provider => "postgres";
}
