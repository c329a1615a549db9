using EFCore.Cloning.Tests.Specification;
using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Tests.Field;

/// <summary>
/// Each field scenario through object mode and through set mode on identical databases: every table's rows must be
/// the same (keys, foreign keys and volatile defaults left out), and no copy may reference a copied original.
/// </summary>
public abstract class FieldEquivalenceTests
{
    protected abstract string Provider { get; }

    public static TheoryData<string> Scenarios =>
    [
        "plain", "aggregate", "reset", "converter", "owned", "tenant", "ignore-filters", "alternate-key", "tree", "tpc", "derived-rule",
        "filtered", "filtered-tree", "filtered-derived", "filtered-link",
    ];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Both_engines_write_the_same_rows(string scenario)
    {
        var objectRows = await RunAsync(CloneEngine.Objects, scenario);
        var setRows = await RunAsync(CloneEngine.Sets, scenario);

        Assert.Equal(objectRows.Keys.Order(), setRows.Keys.Order());
        foreach (var table in objectRows.Keys)
        {
            Assert.True(objectRows[table].SequenceEqual(setRows[table]), $"Table {table} differs:\nobject mode: {string.Join(" | ", objectRows[table])}\nset mode:    {string.Join(" | ", setRows[table])}");
        }
    }

    private async Task<Dictionary<string, List<string>>> RunAsync(CloneEngine engine, string scenario)
    {
        await using var database = await TestDatabase.CreateAsync(Provider);
        var options = (DbContextOptions<FieldContext>)database.Options<FieldContext>();
        int other;
        await using (var db = await database.EnsureCreatedAsync(() => new FieldContext(options)))
        {
            var seeded = await FieldContext.SeedSurveyAsync(db);
            other = seeded.Other;
            await FieldContext.SeedRestAsync(db);
            if (scenario == "filtered-link")
            {
                await FieldContext.SeedTagsAsync(db, seeded);
            }
        }

        await using (var db = new FieldContext(options))
        {
            var result = scenario switch
            {
                "alternate-key" => await engine.CloneAsync(db, await db.Orders.SingleAsync(), o => o.Aggregate().MapAllRows()),
                "tree" => await engine.CloneAsync(db, await db.Sections.SingleAsync(s => s.Name == "A"), o => o.Include(s => s.Children).MapAllRows()),
                "filtered-tree" => await engine.CloneAsync(db, await db.Sections.SingleAsync(s => s.Name == "R"), o => o.Include(s => s.Children.Where(c => c.Name != "A2")).MapAllRows()),
                "filtered-derived" => await engine.CloneAsync(db, await db.Zoos.SingleAsync(), o => o.Include(z => z.Creatures.Where(c => !(c is Parrot) || c.Name == "Polly")).MapAllRows()),
                "tpc" => await engine.CloneAsync(db, await db.Assets.SingleAsync(a => a.Plate == "L1"), o => o.MapAllRows()),
                "derived-rule" => await engine.CloneAsync(db, await db.Zoos.SingleAsync(), o => o.Aggregate().Entity<Shark>(s => s.Set(x => x.Name, "Nemo")).MapAllRows()),
                "filtered-link" => await engine.CloneAsync(db, await db.Surveys.SingleAsync(s => s.Slug == "feedback"), o => o.Aggregate().Link(s => s.Tags.Where(t => t.Name == "blue")).MapAllRows()),
                _ => await engine.CloneAsync(db, await db.Surveys.SingleAsync(), Survey(scenario, other)),
            };
            await RowSnapshot.AssertNoReferenceIntoOriginalsAsync(db, result);
        }

        await using var check = new FieldContext(options);
        return await RowSnapshot.OfAsync(check);
    }

    private static Action<CloneOptionsBuilder<Survey>> Survey(string scenario, int other) => scenario switch
    {
        "aggregate" => o => o.Aggregate().MapAllRows(),
        "reset" => o => o.Reset(s => s.Status).Reset(s => s.Priority).Reset(s => s.IsActive).MapAllRows(),
        "converter" => o => o.Set(s => s.Tier, Tier.Beta).MapAllRows(),
        "owned" => o => o.Set(s => s.Settings.ResponseLimit, 10).Reset(s => s.Settings.Note).MapAllRows(),
        "tenant" => o => o.Aggregate().Set(s => s.TenantId, other).MapAllRows(),
        "ignore-filters" => o => o.Aggregate().IgnoreQueryFilters().MapAllRows(),
        "filtered" => o => o.Aggregate().IgnoreQueryFilters().Include(s => s.Questions.Where(q => q.Position != 2)).MapAllRows(),
        _ => o => o.MapAllRows(),
    };
}

public sealed class SqliteFieldEquivalenceTests : FieldEquivalenceTests
{
    protected override string Provider => "sqlite";
}

public sealed class PostgresFieldEquivalenceTests : FieldEquivalenceTests
{
    protected override string Provider => "postgres";
}
