using Microsoft.EntityFrameworkCore;
using EFCore.Cloning.Tests.Infrastructure;

namespace EFCore.Cloning.Tests.Field;

/// <summary>
/// <c>UseCloning(c =&gt; c.BatchSize(n))</c> sizes the statements of rows the library holds and writes itself; set mode's
/// unique values are found and written inside the database, so a batch size changes neither their statements nor the copy.
/// </summary>
public abstract class BatchSizeTests : FieldTest
{
    [Fact]
    public async Task A_batch_size_leaves_the_unique_values_set_mode_finds_inside_the_database_alone()
    {
        await using (var seed = Context())
        {
            seed.Labels.AddRange(new Label { Name = "Apollo" }, new Label { Name = "Gemini" }, new Label { Name = "Mercury" });
            await seed.SaveChangesAsync();
        }

        var whole = await StatementsAsync(batchSize: null);
        await RowsAsync("""DELETE FROM "Labels" WHERE "Name" LIKE '% (copy%'""");
        var single = await StatementsAsync(batchSize: 1);

        // Nine unique values (three labels, three copies each), from the same rows: the same statements.
        Assert.Equal(whole, single);
        Assert.Equal(12, Int(await ScalarAsync("""SELECT count(*) FROM "Labels" """)));
        Assert.Equal(2, Int(await ScalarAsync("""SELECT count(*) FROM "Labels" WHERE "Name" = 'Apollo (copy 3)' OR "Name" = 'Mercury (copy 3)'""")));
    }

    private async Task<int> StatementsAsync(int? batchSize)
    {
        var counter = new StatementRecorder();
        using var loggers = counter.Factory();
        var options = new DbContextOptionsBuilder<FieldContext>((DbContextOptions<FieldContext>)Database.Options<FieldContext>()).UseLoggerFactory(loggers);
        if (batchSize is { } rows)
        {
            options.UseCloning(c => c.BatchSize(rows));
        }

        await using var db = new FieldContext(options.Options);
        await db.Labels.Where(l => !l.Name.Contains("copy")).ExecuteCloneAsync(o => o.Copies(3));
        return counter.Statements.Count;
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
