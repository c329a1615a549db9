using EFCore.Cloning.Tests.Specification;
using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Tests.Field;

/// <summary>
/// What a new user met on schemas none of the catalog tests had: each scenario runs through both engines on both
/// databases, and checks the rows with plain SQL.
/// </summary>
public abstract class FieldSpecification : FieldTest
{
    protected abstract CloneEngine Engine { get; }

    private bool IsSetMode => Engine == CloneEngine.Sets;

    private async Task<int> CloneSurveyAsync(Action<CloneOptionsBuilder<Survey>>? configure = null)
    {
        await using var db = Context();
        var survey = await db.Surveys.SingleAsync(s => s.Id == Seeded.Survey);
        var result = await Engine.CloneAsync(db, survey, configure);
        return Int(result.Roots.Single().CopyKey);
    }

    private async Task<CloneResult> CloneAsync<T>(Func<FieldContext, Task<T>> find, Action<CloneOptionsBuilder<T>>? configure = null)
        where T : class
    {
        await using var db = Context();
        return await Engine.CloneAsync(db, await find(db), configure);
    }

    [Fact]
    public async Task Constant_defaults_are_copied_and_volatile_ones_are_fresh()
    {
        var copy = await CloneSurveyAsync();

        var row = (await RowsAsync($"""SELECT "IsActive", "Status", "Priority", "CreatedAt" FROM "Surveys" WHERE "Id" = {copy}""")).Single();
        Assert.False(Bool(row[0]));
        Assert.Equal("published", row[1]);
        Assert.Equal(1, Int(row[2]));
        Assert.NotEqual(2001, Convert.ToDateTime(row[3], System.Globalization.CultureInfo.InvariantCulture).Year);
    }

    [Fact]
    public async Task Reset_gives_the_store_default_and_a_generated_key_a_new_value()
    {
        var copy = await CloneSurveyAsync(o => o.Reset(s => s.Status).Reset(s => s.Priority).Reset(s => s.IsActive).Reset(s => s.Id));

        Assert.NotEqual(Seeded.Survey, copy);
        var row = (await RowsAsync($"""SELECT "IsActive", "Status", "Priority" FROM "Surveys" WHERE "Id" = {copy}""")).Single();
        Assert.True(Bool(row[0]));
        Assert.Equal("draft", row[1]);
        Assert.Equal(5, Int(row[2]));
    }

    [Fact]
    public async Task A_value_computed_for_a_unique_column_is_the_base_of_its_suffix()
    {
        var first = await CloneSurveyAsync(o => o.Set(s => s.Slug, s => s.Slug + "-v2"));
        var second = await CloneSurveyAsync(o => o.Set(s => s.Slug, s => s.Slug + "-v2"));

        Assert.Equal("feedback-v2", await ScalarAsync($"""SELECT "Slug" FROM "Surveys" WHERE "Id" = {first}"""));
        Assert.Equal("feedback-v2-copy", await ScalarAsync($"""SELECT "Slug" FROM "Surveys" WHERE "Id" = {second}"""));
    }

    [Fact]
    public async Task A_constant_for_a_unique_column_is_written_as_given()
    {
        var copy = await CloneSurveyAsync(o => o.Set(s => s.Slug, "feedback-2027"));

        Assert.Equal("feedback-2027", await ScalarAsync($"""SELECT "Slug" FROM "Surveys" WHERE "Id" = {copy}"""));
    }

    [Fact]
    public async Task Foreign_keys_to_an_alternate_key_point_at_the_copy()
    {
        await CloneAsync(db => db.Orders.SingleAsync(o => o.Number == "O1"), o => o.Aggregate());

        Assert.Equal(2, Int(await ScalarAsync("""SELECT count(*) FROM "OrderLine" WHERE "OrderNumber" = 'O1'""")));
        Assert.Equal(2, Int(await ScalarAsync("""SELECT count(*) FROM "OrderLine" WHERE "OrderNumber" = 'O1 (copy)'""")));
        Assert.Equal(2, Int(await ScalarAsync("""SELECT count(*) FROM "Orders" """)));
    }

    [Fact]
    public async Task A_unique_index_with_a_self_reference_suffixes_only_rows_that_keep_their_parent()
    {
        await CloneAsync(db => db.Sections.SingleAsync(s => s.Name == "A"), o => o.Include(s => s.Children));

        var rows = await RowsAsync("""
            SELECT c."Name", p."Name" FROM "Sections" c LEFT JOIN "Sections" p ON p."Id" = c."ParentId" ORDER BY c."Id"
            """);
        var pairs = rows.Select(r => $"{r[0]}<{r[1]}").ToList();
        Assert.Equal(["R<", "A<R", "A1<A", "A2<A", "A (copy)<R", "A1<A (copy)", "A2<A (copy)"], pairs);
    }

    [Fact]
    public async Task Tpc_unique_values_and_keys_span_every_table_of_the_hierarchy()
    {
        var result = await CloneAsync<Asset>(db => db.Assets.SingleAsync(a => a.Plate == "L1"));

        var copy = Int(result.Roots.Single().CopyKey);
        var keys = (await RowsAsync("""SELECT "Id" FROM "Van" UNION ALL SELECT "Id" FROM "Lorry" """)).Select(r => Int(r[0])).ToList();
        Assert.Equal(3, keys.Count);
        Assert.Equal(3, keys.Distinct().Count());
        Assert.Equal("L1 (copy)", await ScalarAsync($"""SELECT "Plate" FROM "Lorry" WHERE "Id" = {copy}"""));
        Assert.Equal(7.5, Convert.ToDouble(await ScalarAsync($"""SELECT "Load" FROM "Lorry" WHERE "Id" = {copy}"""), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(1, Int(await ScalarAsync("""SELECT count(*) FROM "Van" """)));
    }

    [Fact]
    public async Task A_rule_for_a_derived_type_leaves_its_siblings_alone()
    {
        await CloneAsync(db => db.Zoos.SingleAsync(), o => o.Aggregate().Entity<Shark>(s => s.Set(x => x.Name, "Nemo")));

        var names = (await RowsAsync("""SELECT "Kind", "Name" FROM "Creature" ORDER BY "Kind", "Name" """)).Select(r => $"{r[0]}:{r[1]}").ToList();
        Assert.Equal(["parrot:Polly", "parrot:Polly", "shark:Jaws", "shark:Nemo"], names);
    }

    [Fact]
    public async Task Query_filters_apply_as_EF_applies_them_unless_ignored()
    {
        var copy = await CloneSurveyAsync(o => o.Aggregate());
        var ignored = await CloneSurveyAsync(o => o.Aggregate().IgnoreQueryFilters());

        Assert.Equal([1, 2], (await RowsAsync($"""SELECT "Position" FROM "Questions" WHERE "SurveyId" = {copy} ORDER BY 1""")).Select(r => Int(r[0])));
        Assert.Equal([1, 2, 3], (await RowsAsync($"""SELECT "Position" FROM "Questions" WHERE "SurveyId" = {ignored} ORDER BY 1""")).Select(r => Int(r[0])));
    }

    [Fact]
    public async Task Constants_go_through_the_value_converter()
    {
        var copy = await CloneSurveyAsync(o => o.Set(s => s.Tier, Tier.Beta));

        Assert.Equal("Beta", await ScalarAsync($"""SELECT "Tier" FROM "Surveys" WHERE "Id" = {copy}"""));
        Assert.Equal("Gamma", await ScalarAsync($"""SELECT "Tier" FROM "Surveys" WHERE "Id" = {Seeded.Survey}"""));
    }

    [Fact]
    public async Task Owned_properties_take_Set_and_Reset_by_path_through_their_type_and_in_the_model()
    {
        var byPath = await CloneSurveyAsync(o => o.Set(s => s.Settings.ResponseLimit, 10).Reset(s => s.Settings.Note));
        var byType = await CloneSurveyAsync(o => o.Entity<SurveySettings>(e => e.Set(x => x.ResponseLimit, 42)));

        var rows = await RowsAsync($"""SELECT "Id", "Settings_ResponseLimit", "Settings_Note", "Settings_Revision", "Settings_Secret" FROM "Surveys" WHERE "Id" IN ({byPath}, {byType}) ORDER BY "Id" """);
        Assert.All(rows, r => Assert.Null(r[4]));
        Assert.Equal("s3cret", await ScalarAsync($"""SELECT "Settings_Secret" FROM "Surveys" WHERE "Id" = {Seeded.Survey}"""));
        Assert.Equal(10, Int(rows[0][1]));
        Assert.Null(rows[0][2]);
        Assert.Equal(3, Int(rows[0][3]));
        Assert.Equal(42, Int(rows[1][1]));
        Assert.Equal("internal", rows[1][2]);
        Assert.Equal(3, Int(rows[1][3]));
    }

    [Fact]
    public async Task A_property_inside_a_JSON_document_takes_Set_in_object_mode_and_is_refused_by_set_mode()
    {
        if (IsSetMode)
        {
            var error = await Assert.ThrowsAsync<CloneException>(() => CloneSurveyAsync(o => o.Set(s => s.Branding.Color, "red")));
            Assert.Contains("SurveyBranding.Color", error.Message, StringComparison.Ordinal);
            Assert.Contains("JSON", error.Message, StringComparison.Ordinal);
            Assert.Equal(1, Int(await ScalarAsync("""SELECT count(*) FROM "Surveys" """)));
            return;
        }

        var copy = await CloneSurveyAsync(o => o.Set(s => s.Branding.Color, "red"));
        await using var db = Context();
        Assert.Equal("red", (await db.Surveys.SingleAsync(s => s.Id == copy)).Branding.Color);
        Assert.Equal("blue", (await db.Surveys.SingleAsync(s => s.Id == Seeded.Survey)).Branding.Color);
    }

    [Fact]
    public async Task A_non_key_identity_column_gets_a_fresh_value_on_PostgreSQL()
    {
        var copy = await CloneSurveyAsync();

        var serial = Int(await ScalarAsync($"""SELECT "SerialNumber" FROM "Surveys" WHERE "Id" = {copy}"""));
        if (Database.IsPostgres)
        {
            Assert.NotEqual(Int(await ScalarAsync($"""SELECT "SerialNumber" FROM "Surveys" WHERE "Id" = {Seeded.Survey}""")), serial);
        }
        else
        {
            Assert.Equal(7, serial);
        }
    }

    [Fact]
    public async Task Set_on_a_column_of_a_composite_unique_index_keeps_the_rest_unique_within_the_new_tuple()
    {
        var first = await CloneSurveyAsync(o => o.Set(s => s.TenantId, Seeded.Other));
        var second = await CloneSurveyAsync(o => o.Set(s => s.TenantId, Seeded.Other));
        var same = await CloneSurveyAsync();

        var slugs = (await RowsAsync($"""SELECT "Id", "TenantId", "Slug" FROM "Surveys" WHERE "Id" IN ({first}, {second}, {same}) ORDER BY "Id" """))
            .Select(r => $"{Int(r[1]) == Seeded.Other}:{r[2]}").ToList();
        Assert.Equal(["True:feedback", "True:feedback-copy", "False:feedback-copy"], slugs);
    }

    [Fact]
    public async Task A_tenant_aggregate_links_copies_to_copies_and_changes_no_row_outside_it()
    {
        await using (var db = Context())
        {
            await FieldContext.SeedTagsAsync(db, Seeded);
        }

        var result = await CloneAsync(db => db.Tenants.SingleAsync(t => t.Id == Seeded.Tenant), o => o.Aggregate());

        var copy = Int(result.Roots.Single().CopyKey);
        var links = await RowsAsync("""
            SELECT s."TenantId", s."Title", t."TenantId", t."Name" FROM "SurveyTag" st
            JOIN "Surveys" s ON s."Id" = st."SurveysId" JOIN "Tag" t ON t."Id" = st."TagsId" ORDER BY 1, 2, 4
            """);
        var text = links.Select(r => $"{Tenant(r[0])}:{r[1]}->{Tenant(r[2])}:{r[3]}").ToList();
        Assert.Equal(
            ["acme:Feedback->acme:blue", "acme:Feedback->acme:red", "globex:Other->acme:blue", "copy:Feedback->copy:blue", "copy:Feedback->copy:red"],
            text.OrderBy(t => t.StartsWith("copy", StringComparison.Ordinal)).ThenBy(t => t, StringComparer.Ordinal));
        Assert.Equal(4, Int(await ScalarAsync("""SELECT count(*) FROM "Tag" """)));

        string Tenant(object? id) => Int(id) == Seeded.Tenant ? "acme" : Int(id) == Seeded.Other ? "globex" : Int(id) == copy ? "copy" : "?";
    }

    [Fact]
    public async Task Only_keeps_the_listed_properties_and_gives_the_rest_their_defaults()
    {
        var copy = await CloneSurveyAsync(o => o.Only(s => new { s.Title, s.Slug, s.Tier }));

        var row = (await RowsAsync($"""SELECT "Title", "Slug", "Tier", "Status", "Priority", "IsActive", "TenantId" FROM "Surveys" WHERE "Id" = {copy}""")).Single();
        Assert.Equal("Feedback", row[0]);
        Assert.Equal("feedback-copy", row[1]);
        Assert.Equal("Gamma", row[2]);
        Assert.Equal("draft", row[3]);
        Assert.Equal(5, Int(row[4]));
        Assert.True(Bool(row[5]));
        Assert.Equal(Seeded.Tenant, Int(row[6]));
    }

    [Fact]
    public async Task Copies_record_their_origin_per_call_and_in_the_model()
    {
        var copy = await CloneSurveyAsync(o => o.Aggregate().Entity<Question>(q => q.RecordOrigin(x => x.OriginId)));

        Assert.Equal(Seeded.Survey, Int(await ScalarAsync($"""SELECT "CopiedFromId" FROM "Surveys" WHERE "Id" = {copy}""")));
        Assert.Null(await ScalarAsync($"""SELECT "CopiedFromId" FROM "Surveys" WHERE "Id" = {Seeded.Survey}"""));
        var questions = await RowsAsync($"""
            SELECT c."Position", o."Position", o."SurveyId" FROM "Questions" c JOIN "Questions" o ON o."Id" = c."OriginId" WHERE c."SurveyId" = {copy} ORDER BY 1
            """);
        Assert.Equal(["1=1@original", "2=2@original"], questions.Select(r => $"{Int(r[0])}={Int(r[1])}@{(Int(r[2]) == Seeded.Survey ? "original" : "?")}"));
    }

    [Fact]
    public async Task Values_computed_from_the_original_run_in_both_engines_with_captured_values_as_parameters()
    {
        var suffix = " (template)";
        var copy = await CloneSurveyAsync(o => o
            .Set(s => s.Title, s => s.Title + suffix)
            .Set(s => s.Priority, s => s.Priority * 10 + s.Title.Length)
            .Entity<Question>(q => q.Set(x => x.Text, x => x.Position == 1 ? "First: " + x.Text : x.Text))
            .Aggregate());

        var row = (await RowsAsync($"""SELECT "Title", "Priority" FROM "Surveys" WHERE "Id" = {copy}""")).Single();
        Assert.Equal("Feedback (template)", row[0]);
        Assert.Equal(18, Int(row[1]));
        Assert.Equal(["First: How?", "Why?"], (await RowsAsync($"""SELECT "Text" FROM "Questions" WHERE "SurveyId" = {copy} ORDER BY "Position" """)).Select(r => (string)r[0]!));
    }

    [Fact]
    public async Task A_value_EF_cannot_translate_runs_in_object_mode_and_is_refused_by_set_mode_naming_it()
    {
        if (!IsSetMode)
        {
            var copy = await CloneSurveyAsync(o => o.Set(s => s.Title, s => Shout(s.Title)));
            Assert.Equal("FEEDBACK!", await ScalarAsync($"""SELECT "Title" FROM "Surveys" WHERE "Id" = {copy}"""));
            return;
        }

        var error = await Assert.ThrowsAsync<CloneException>(() => CloneSurveyAsync(o => o.Set(s => s.Title, s => Shout(s.Title))));
        Assert.Contains("'Survey.Title'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Shout", error.Message, StringComparison.Ordinal);
        Assert.Contains("object mode", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, Int(await ScalarAsync("""SELECT count(*) FROM "Surveys" """)));
    }

    private static string Shout(string text) => text.ToUpperInvariant() + "!";

    [Fact]
    public async Task The_unique_index_advice_names_the_column_to_set()
    {
        var error = await Assert.ThrowsAsync<CloneException>(() => CloneAsync(db => db.Questions.SingleAsync(q => q.Position == 1)));

        Assert.Contains("Set(e => e.Position", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Set(e => e.SurveyId", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, Int(await ScalarAsync("""SELECT count(*) FROM "Questions" """)));
    }
}

public sealed class FieldObjectSqliteSpecification : FieldSpecification
{
    protected override string Provider => "sqlite";

    protected override CloneEngine Engine => CloneEngine.Objects;
}

public sealed class FieldSetSqliteSpecification : FieldSpecification
{
    protected override string Provider => "sqlite";

    protected override CloneEngine Engine => CloneEngine.Sets;
}

public sealed class FieldObjectPostgresSpecification : FieldSpecification
{
    protected override string Provider => "postgres";

    protected override CloneEngine Engine => CloneEngine.Objects;
}

public sealed class FieldSetPostgresSpecification : FieldSpecification
{
    protected override string Provider => "postgres";

    protected override CloneEngine Engine => CloneEngine.Sets;
}
