using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Tests.Field;

/// <summary><c>ToClonePlan</c>: the plan a clone would run, as text, planned exactly as the clone plans it, writing nothing.</summary>
public abstract class PlanPreviewTests : FieldTest
{
    [Fact]
    public async Task The_preview_names_each_decision_and_why_and_writes_nothing()
    {
        await using var db = Context();

        var text = db.ToClonePlan<Survey>(o => o.Aggregate().Reset(s => s.Status));
        var ignored = db.Surveys.Where(s => s.Id == Seeded.Survey).ToClonePlan(o => o.Aggregate().IgnoreQueryFilters());

        Assert.StartsWith("Survey (the roots)", text, StringComparison.Ordinal);
        Assert.Contains("-> Question via Questions (clone: aggregate: required, cascade delete)", text, StringComparison.Ordinal);
        Assert.Contains("rows: those the model's query filter lets through", text, StringComparison.Ordinal);
        Assert.Contains("unique Slug within (TenantId) as the copy holds them", text, StringComparison.Ordinal);
        Assert.Contains("Status store default (reset (option))", text, StringComparison.Ordinal);
        Assert.Contains("CreatedAt store default (volatile default)", text, StringComparison.Ordinal);
        Assert.Contains("CopiedFromId = the original's key (origin (model))", text, StringComparison.Ordinal);
        Assert.Contains("Tenant: shares the same Tenant", text, StringComparison.Ordinal);
        Assert.Contains("via the join rows of Survey.Tags (link: link Survey.Tags (aggregate))", text, StringComparison.Ordinal);
        Assert.Contains("insert order: Survey -> ", text, StringComparison.Ordinal);
        Assert.Contains("rows: every row, the model's query filter ignored (option)", ignored, StringComparison.Ordinal);
        Assert.Equal(1, Int(await ScalarAsync("""SELECT count(*) FROM "Surveys" """)));

        var error = Assert.Throws<CloneException>(() => db.ToClonePlan<Question>());
        Assert.Contains("Set(e => e.Position", error.Message, StringComparison.Ordinal);
    }
}

public sealed class SqlitePlanPreviewTests : PlanPreviewTests
{
    protected override string Provider => "sqlite";
}

public sealed class PostgresPlanPreviewTests : PlanPreviewTests
{
    protected override string Provider => "postgres";
}
