using Microsoft.EntityFrameworkCore;
using EFCore.Cloning.Tests.Infrastructure;

namespace EFCore.Cloning.Tests.Unique;

/// <summary>Set mode's unique step runs a number of statements that does not grow with the rows it gives values to.</summary>
public abstract class UniqueStatementCountTests : UniqueTest
{
    [Fact]
    public async Task The_unique_step_takes_as_many_statements_for_600_rows_as_for_30()
    {
        var few = await UniqueStatementsAsync(30);
        var many = await UniqueStatementsAsync(600);

        Assert.Equal(few, many);
        Assert.InRange(many, 1, 40);
        Assert.Equal(600, await CountAsync("""SELECT count(*) FROM "Docs" WHERE "Name" LIKE '% (copy 2)'"""));
    }

    private async Task<long> CountAsync(string sql) => long.Parse((await RowsAsync(sql)).Single()[0]!, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Statements naming the unique step's tables while <paramref name="rows"/> documents, each with a copy already, are cloned.</summary>
    private async Task<int> UniqueStatementsAsync(int rows)
    {
        await ExecuteAsync("""DELETE FROM "Docs" """);
        await SeedAsync("Docs", "\"FolderId\", \"TenantId\", \"Name\"", "1, 1, 'D' || CAST(i AS text)", rows);
        await SeedAsync("Docs", "\"FolderId\", \"TenantId\", \"Name\"", "1, 1, 'D' || CAST(i AS text) || ' (copy)'", rows);

        var counter = new StatementRecorder();
        using var loggers = counter.Factory();
        var options = new DbContextOptionsBuilder<UniqueContext>((DbContextOptions<UniqueContext>)Database.Options<UniqueContext>()).UseLoggerFactory(loggers);
        await using var db = new UniqueContext(options.Options);
        await db.Docs.Where(d => !d.Name.Contains("copy")).ExecuteCloneAsync();
        // The unique step's tables are named efc_<operation>_u<node>_<index>[_...].
        return counter.Statements.Count(s => s.Contains("_u0_0", StringComparison.Ordinal));
    }
}

public sealed class SqliteUniqueStatementCountTests : UniqueStatementCountTests
{
    protected override string Provider => "sqlite";
}

public sealed class PostgresUniqueStatementCountTests : UniqueStatementCountTests
{
    protected override string Provider => "postgres";
}
