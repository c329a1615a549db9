using EFCore.Cloning.Tests.Specification;
using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Tests.Field;

/// <summary>
/// Clones inside the caller's own work: a failure inside their transaction leaves it usable and their rows committed;
/// a failed clone leaves the DbContext as it was; <c>CloneAndSaveAsync</c> never saves what the caller did not ask it to.
/// </summary>
public abstract class CallerWorkSpecification : FieldTest
{
    protected abstract CloneEngine Engine { get; }

    [Fact]
    public async Task A_failure_inside_the_callers_transaction_undoes_the_clone_and_keeps_their_work()
    {
        await RefuseNewQuestionsAsync();
        await using var db = Context();
        await using var transaction = await db.Database.BeginTransactionAsync();
        db.Tenants.Add(new Tenant { Name = "Before" });
        await db.SaveChangesAsync();

        var survey = await db.Surveys.SingleAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => Engine.CloneAsync(db, survey, o => o.Aggregate()));

        db.Tenants.Add(new Tenant { Name = "After" });
        await db.SaveChangesAsync();
        await transaction.CommitAsync();

        Assert.Equal(["Acme", "After", "Before", "Globex"], (await RowsAsync("""SELECT "Name" FROM "Tenants" ORDER BY "Name" """)).Select(r => (string)r[0]!));
        Assert.Equal(1, Int(await ScalarAsync("""SELECT count(*) FROM "Surveys" """)));
        Assert.Equal(3, Int(await ScalarAsync("""SELECT count(*) FROM "Questions" """)));
    }

    [Fact]
    public async Task A_failed_clone_leaves_the_context_as_it_was()
    {
        await using var db = Context();
        var survey = await db.Surveys.SingleAsync();
        var other = await db.Tenants.SingleAsync(t => t.Name == "Globex");
        var before = db.ChangeTracker.Entries().Select(e => (e.Entity, e.State)).ToList();

        var error = await Assert.ThrowsAsync<CloneException>(() => Engine.CloneAsync(db, survey, o => o.Set(s => s.Id, survey.Id)));

        Assert.Contains("Survey", error.Message, StringComparison.Ordinal);
        Assert.Contains("Id", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, db.ChangeTracker.Entries().Select(e => (e.Entity, e.State)).ToList());
        other.Name = "Globex Ltd";
        await db.SaveChangesAsync();
        Assert.Equal("Globex Ltd", await ScalarAsync($"""SELECT "Name" FROM "Tenants" WHERE "Id" = {other.Id}"""));
        Assert.Equal(1, Int(await ScalarAsync("""SELECT count(*) FROM "Surveys" """)));
    }

    [Fact]
    public async Task CloneAndSaveAsync_refuses_a_context_with_other_unsaved_changes_naming_them()
    {
        if (Engine == CloneEngine.Sets)
        {
            return;
        }

        await using var db = Context();
        var survey = await db.Surveys.SingleAsync();
        var tenant = await db.Tenants.SingleAsync(t => t.Name == "Globex");
        tenant.Name = "Renamed";

        var error = await Assert.ThrowsAsync<CloneException>(() => db.CloneAndSaveAsync(survey));

        Assert.Contains("Modified 'Tenant'", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, Int(await ScalarAsync("""SELECT count(*) FROM "Surveys" """)));
        Assert.Equal(0, Int(await ScalarAsync("""SELECT count(*) FROM "Tenants" WHERE "Name" = 'Renamed'""")));
        Assert.Equal(EntityState.Modified, db.Entry(tenant).State);
    }

    [Fact]
    public async Task After_an_object_mode_aggregate_the_copys_links_are_in_its_navigation()
    {
        if (Engine == CloneEngine.Sets)
        {
            return;
        }

        await using (var seed = Context())
        {
            await FieldContext.SeedTagsAsync(seed, Seeded);
        }

        await using var db = Context();
        var survey = await db.Surveys.SingleAsync(s => s.Id == Seeded.Survey);

        var result = await db.CloneAndSaveAsync(survey, o => o.Aggregate());

        Assert.Equal(["blue", "red"], result.Copy.Tags.Select(t => t.Name).Order());
        Assert.All(result.Copy.Tags, t => Assert.Equal(EntityState.Unchanged, db.Entry(t).State));
        Assert.Equal(2, Int(await ScalarAsync($"""SELECT count(*) FROM "SurveyTag" WHERE "SurveysId" = {result.Copy.Id}""")));
        Assert.Equal(2, Int(await ScalarAsync("""SELECT count(*) FROM "Tag" """)));
    }

    /// <summary>A rule the model does not know: the database refuses every new question.</summary>
    private async Task RefuseNewQuestionsAsync()
    {
        await using var db = Context();
        if (Database.IsPostgres)
        {
            await db.Database.ExecuteSqlRawAsync("""
                CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'no new questions'; END $$ LANGUAGE plpgsql;
                CREATE TRIGGER refuse BEFORE INSERT ON "Questions" FOR EACH ROW EXECUTE FUNCTION refuse();
                """);
        }
        else
        {
            await db.Database.ExecuteSqlRawAsync("""CREATE TRIGGER refuse BEFORE INSERT ON "Questions" BEGIN SELECT RAISE(ABORT, 'no new questions'); END""");
        }
    }
}

public sealed class CallerWorkObjectSqliteSpecification : CallerWorkSpecification
{
    protected override string Provider => "sqlite";

    protected override CloneEngine Engine => CloneEngine.Objects;
}

public sealed class CallerWorkSetSqliteSpecification : CallerWorkSpecification
{
    protected override string Provider => "sqlite";

    protected override CloneEngine Engine => CloneEngine.Sets;
}

public sealed class CallerWorkObjectPostgresSpecification : CallerWorkSpecification
{
    protected override string Provider => "postgres";

    protected override CloneEngine Engine => CloneEngine.Objects;
}

public sealed class CallerWorkSetPostgresSpecification : CallerWorkSpecification
{
    protected override string Provider => "postgres";

    protected override CloneEngine Engine => CloneEngine.Sets;
}
