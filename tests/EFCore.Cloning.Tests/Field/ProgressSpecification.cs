using EFCore.Cloning.Tests.Specification;
using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Tests.Field;

/// <summary>Progress arrives table by table while the copy is written (before it commits), and a cancellation from it writes nothing.</summary>
public abstract class ProgressSpecification : FieldTest
{
    protected abstract CloneEngine Engine { get; }

    [Fact]
    public async Task Progress_arrives_per_table_while_the_copy_is_written_and_totals_every_row()
    {
        var reports = new List<(CloneProgress Report, int SurveysSeenOutside)>();
        await using var db = Context();
        var survey = await db.Surveys.SingleAsync();

        var result = await Engine.CloneAsync(db, survey, o => o.Aggregate().ReportProgress(new Callback(p =>
            reports.Add((p, Int(ScalarAsync("""SELECT count(*) FROM "Surveys" """).GetAwaiter().GetResult()))))));

        Assert.NotEmpty(reports);
        Assert.Contains(reports, r => r.Report.Table == "Surveys");
        Assert.Contains(reports, r => r.Report.Table == "Questions");
        Assert.Equal(result.TotalRows, reports[^1].Report.RowsDone);
        Assert.Equal(result.TotalRows, reports[^1].Report.RowsTotal);
        Assert.Equal(result.TotalRows, reports.Sum(r => r.Report.TableRows));

        // Reported from inside the transaction: another connection does not see the copy yet.
        Assert.All(reports, r => Assert.Equal(1, r.SurveysSeenOutside));
        Assert.Equal(2, Int(await ScalarAsync("""SELECT count(*) FROM "Surveys" """)));
    }

    [Fact]
    public async Task Cancelling_from_the_progress_callback_writes_nothing()
    {
        using var cancellation = new CancellationTokenSource();
        await using var db = Context();
        var survey = await db.Surveys.SingleAsync();
        var tracked = db.ChangeTracker.Entries().Count();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Engine == CloneEngine.Objects
            ? db.CloneAndSaveAsync(survey, o => o.Aggregate().ReportProgress(new Callback(_ => cancellation.Cancel())), cancellation.Token)
            : db.Surveys.Where(s => s.Id == survey.Id).ExecuteCloneAsync(o => o.Aggregate().ReportProgress(new Callback(_ => cancellation.Cancel())), cancellation.Token));

        Assert.Equal(1, Int(await ScalarAsync("""SELECT count(*) FROM "Surveys" """)));
        Assert.Equal(3, Int(await ScalarAsync("""SELECT count(*) FROM "Questions" """)));
        Assert.Equal(tracked, db.ChangeTracker.Entries().Count());
    }

    private sealed class Callback(Action<CloneProgress> report) : IProgress<CloneProgress>
    {
        public void Report(CloneProgress value) => report(value);
    }
}

public sealed class ProgressObjectSqliteSpecification : ProgressSpecification
{
    protected override string Provider => "sqlite";

    protected override CloneEngine Engine => CloneEngine.Objects;
}

public sealed class ProgressSetSqliteSpecification : ProgressSpecification
{
    protected override string Provider => "sqlite";

    protected override CloneEngine Engine => CloneEngine.Sets;
}

public sealed class ProgressObjectPostgresSpecification : ProgressSpecification
{
    protected override string Provider => "postgres";

    protected override CloneEngine Engine => CloneEngine.Objects;
}

public sealed class ProgressSetPostgresSpecification : ProgressSpecification
{
    protected override string Provider => "postgres";

    protected override CloneEngine Engine => CloneEngine.Sets;
}
