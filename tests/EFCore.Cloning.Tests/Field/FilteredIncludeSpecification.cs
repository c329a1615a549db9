using EFCore.Cloning.Tests.Specification;
using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Tests.Field;

/// <summary>Filtered includes in EF's own syntax, per call: which rows each engine copies, read back with plain SQL.</summary>
public abstract class FilteredIncludeSpecification : FieldTest
{
    protected abstract CloneEngine Engine { get; }

    private async Task<CloneResult> CloneAsync<T>(Func<FieldContext, Task<T>> find, Action<CloneOptionsBuilder<T>>? configure = null)
        where T : class
    {
        await using var db = Context();
        return await Engine.CloneAsync(db, await find(db), configure);
    }

    private Task<List<object?[]>> QuestionsOfAsync(object? copy)
        => RowsAsync($"""SELECT "Text" FROM "Questions" WHERE "SurveyId" = {copy} ORDER BY "Position" """);

    [Fact]
    public async Task Only_the_rows_the_filter_lets_through_are_copied()
    {
        var result = await CloneAsync(db => db.Surveys.SingleAsync(), o => o.Include(s => s.Questions.Where(q => q.Position > 1)));

        // Position 3 passes the include's filter but is soft-deleted: the model's query filter still applies.
        Assert.Equal(["Why?"], (await QuestionsOfAsync(result.Roots.Single().CopyKey)).Select(r => (string)r[0]!));
        Assert.Equal(3, Int(await ScalarAsync($"""SELECT count(*) FROM "Questions" WHERE "SurveyId" = {Seeded.Survey}""")));
    }

    [Fact]
    public async Task A_captured_value_is_a_parameter_and_filters_combine()
    {
        var text = "How?";
        var result = await CloneAsync(
            db => db.Surveys.SingleAsync(),
            o => o.IgnoreQueryFilters().Include(s => s.Questions.Where(q => q.Text != text).Where(q => q.Position >= 2)));

        Assert.Equal(["Why?", "Gone"], (await QuestionsOfAsync(result.Roots.Single().CopyKey)).Select(r => (string)r[0]!));
    }

    [Fact]
    public async Task A_filtered_tree_is_filtered_at_every_level()
    {
        var result = await CloneAsync(db => db.Sections.SingleAsync(s => s.Name == "R"), o => o.Include(s => s.Children.Where(c => c.Name != "A1")).MapAllRows());

        Assert.Equal(3, result.Rows!.Count);
        var names = await RowsAsync($"""SELECT "Name" FROM "Sections" WHERE "Id" IN ({string.Join(", ", result.Rows!.Select(r => r.CopyKey))}) ORDER BY "Name" """);
        Assert.Equal(["A", "A2", "R (copy)"], names.Select(r => (string)r[0]!));
    }

    [Fact]
    public async Task A_filter_may_test_the_derived_type()
    {
        var result = await CloneAsync(db => db.Zoos.SingleAsync(), o => o.Include(z => z.Creatures.Where(c => c is Shark)));

        var rows = await RowsAsync($"""SELECT "Name", "Kind" FROM "Creature" WHERE "ZooId" = {result.Roots.Single().CopyKey}""");
        Assert.Equal("Jaws", (string)Assert.Single(rows)[0]!);
    }

    [Fact]
    public async Task ThenInclude_goes_on_below_a_filtered_include()
    {
        await using (var db = Context())
        {
            db.Add(new Survey { TenantId = Seeded.Tenant, Title = "Draft", Slug = "draft", Status = "draft", Questions = { new Question { Position = 1, Text = "Draft?" } } });
            await db.SaveChangesAsync();
        }

        var result = await CloneAsync(
            db => db.Tenants.SingleAsync(t => t.Id == Seeded.Tenant),
            o => o.Include(t => t.Surveys.Where(s => s.Status == "published")).ThenInclude(s => s.Questions));

        var copy = result.Roots.Single().CopyKey;
        Assert.Equal(["feedback"], (await RowsAsync($"""SELECT "Slug" FROM "Surveys" WHERE "TenantId" = {copy}""")).Select(r => (string)r[0]!));
        Assert.Equal(2, Int(await ScalarAsync($"""SELECT count(*) FROM "Questions" q JOIN "Surveys" s ON s."Id" = q."SurveyId" WHERE s."TenantId" = {copy}""")));
    }

    [Fact]
    public async Task A_filtered_link_links_the_copy_to_the_targets_that_pass_only()
    {
        await using (var db = Context())
        {
            await FieldContext.SeedTagsAsync(db, Seeded);
        }

        var result = await CloneAsync(db => db.Surveys.SingleAsync(s => s.Id == Seeded.Survey), o => o.Link(s => s.Tags.Where(t => t.Name == "red")));

        var linked = await RowsAsync($"""SELECT t."Name" FROM "SurveyTag" j JOIN "Tag" t ON t."Id" = j."TagsId" WHERE j."SurveysId" = {result.Roots.Single().CopyKey}""");
        Assert.Equal("red", (string)Assert.Single(linked)[0]!);
        Assert.Equal(2, Int(await ScalarAsync("""SELECT count(*) FROM "Tag" """)));
    }

    [Fact]
    public async Task A_filtered_include_of_a_many_to_many_clones_the_targets_that_pass_only()
    {
        await using (var db = Context())
        {
            await FieldContext.SeedTagsAsync(db, Seeded);
        }

        var result = await CloneAsync(db => db.Surveys.SingleAsync(s => s.Id == Seeded.Survey), o => o.Include(s => s.Tags.Where(t => t.Name != "red")));

        var linked = await RowsAsync($"""SELECT t."Name", t."Id" FROM "SurveyTag" j JOIN "Tag" t ON t."Id" = j."TagsId" WHERE j."SurveysId" = {result.Roots.Single().CopyKey}""");
        Assert.Equal("blue", (string)Assert.Single(linked)[0]!);
        Assert.Equal(3, Int(await ScalarAsync("""SELECT count(*) FROM "Tag" """)));
    }

    [Fact]
    public async Task Take_is_refused_and_nothing_is_written()
    {
        var take = await Assert.ThrowsAsync<ArgumentException>(() => CloneAsync(db => db.Surveys.SingleAsync(), o => o.Include(s => s.Questions.Take(1))));
        Assert.Contains("'Take'", take.Message, StringComparison.Ordinal);
        Assert.Equal(1, Int(await ScalarAsync("""SELECT count(*) FROM "Surveys" """)));
    }
}

public sealed class FilteredIncludeObjectSqliteSpecification : FilteredIncludeSpecification
{
    protected override string Provider => "sqlite";

    protected override CloneEngine Engine => CloneEngine.Objects;
}

public sealed class FilteredIncludeSetSqliteSpecification : FilteredIncludeSpecification
{
    protected override string Provider => "sqlite";

    protected override CloneEngine Engine => CloneEngine.Sets;
}

public sealed class FilteredIncludeObjectPostgresSpecification : FilteredIncludeSpecification
{
    protected override string Provider => "postgres";

    protected override CloneEngine Engine => CloneEngine.Objects;
}

public sealed class FilteredIncludeSetPostgresSpecification : FilteredIncludeSpecification
{
    protected override string Provider => "postgres";

    protected override CloneEngine Engine => CloneEngine.Sets;
}
