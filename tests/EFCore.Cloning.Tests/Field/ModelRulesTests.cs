using EFCore.Cloning.Tests.Specification;
using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Tests.Field;

public class Brochure
{
    public int Id { get; set; }

    public string Title { get; set; } = "";

    public string Status { get; set; } = "";

    public bool IsArchived { get; set; }

    public List<BrochurePage> Pages { get; set; } = [];
}

public class BrochurePage
{
    public int Id { get; set; }

    public int BrochureId { get; set; }

    public int Number { get; set; }

    public string Heading { get; set; } = "";
}

/// <summary>Model rules both engines run: expression and constant values, a guard, a commit hook with the key mappings.</summary>
public class BrochureContext(DbContextOptions<BrochureContext> options) : DbContext(options)
{
    /// <summary>What the commit hooks received, per test flow.</summary>
    public static AsyncLocal<List<KeyMapping>?> Committed { get; } = new();

    public DbSet<Brochure> Brochures => Set<Brochure>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.Entity<Brochure>(e =>
        {
            e.SetOnClone(x => x.Title, x => "Copy of " + x.Title);
            e.Property(x => x.Status).SetOnClone("draft");
            e.HasCloneGuard(x => !x.IsArchived, "archived brochures cannot be copied");
            e.OnCloneCommitted(keys => Committed.Value?.AddRange(keys));
            e.Navigation(x => x.Pages).HasCloneStrategy(CloneStrategy.Clone);
        });
        b.Entity<BrochurePage>(e =>
        {
            e.SetOnClone(x => x.Heading, x => x.Heading.ToUpper() + " #" + x.Number);
            e.OnCloneCommittedAsync(async (keys, ct) =>
            {
                await Task.Yield();
                ct.ThrowIfCancellationRequested();
                Committed.Value?.AddRange(keys);
            });
        });
    }
}

/// <summary>The same model with C#-only hooks: a veto in OnCloning, and a hook set mode cannot run.</summary>
public class HookedBrochureContext(DbContextOptions<BrochureContext> options) : BrochureContext(options)
{
    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);
        b.Entity<Brochure>().OnCloning((original, copy) =>
        {
            if (original.Title.Contains("secret", StringComparison.OrdinalIgnoreCase))
            {
                throw new CloneRefusedException("secret brochures stay single");
            }
        });
    }
}

public abstract class ModelRulesTests
{
    protected abstract string Provider { get; }

    private async Task<TestDatabase> SeedAsync()
    {
        var database = await TestDatabase.CreateAsync(Provider);
        await using var db = await database.EnsureCreatedAsync(() => new BrochureContext(Options(database)));
        db.AddRange(
            new Brochure { Title = "Spring", Status = "live", Pages = { new BrochurePage { Number = 1, Heading = "Intro" }, new BrochurePage { Number = 2, Heading = "Menu" } } },
            new Brochure { Title = "Winter", Status = "live", IsArchived = true },
            new Brochure { Title = "Secret sale", Status = "live" });
        await db.SaveChangesAsync();
        return database;
    }

    private static DbContextOptions<BrochureContext> Options(TestDatabase database) => (DbContextOptions<BrochureContext>)database.Options<BrochureContext>();

    private async Task<(Dictionary<string, List<string>> Rows, List<KeyMapping> Committed, CloneResult Result)> CloneAsync(CloneEngine engine, string title, Action<CloneOptionsBuilder<Brochure>>? configure = null)
    {
        await using var database = await SeedAsync();
        BrochureContext.Committed.Value = [];
        await using var db = new BrochureContext(Options(database));
        var result = await engine.CloneAsync(db, await db.Brochures.SingleAsync(b => b.Title == title), configure);
        await using var check = new BrochureContext(Options(database));
        return (await RowSnapshot.OfAsync(check), BrochureContext.Committed.Value, result);
    }

    [Fact]
    public async Task Expression_and_constant_model_rules_give_both_engines_the_same_rows()
    {
        var (objectRows, objectHooks, _) = await CloneAsync(CloneEngine.Objects, "Spring");
        var (setRows, setHooks, result) = await CloneAsync(CloneEngine.Sets, "Spring");

        Assert.Equal(objectRows, setRows);
        Assert.Contains(setRows["Brochures"], r => r.Contains("Copy of Spring", StringComparison.Ordinal) && r.Contains("draft", StringComparison.Ordinal));
        Assert.Contains(setRows["BrochurePage"], r => r.Contains("INTRO #1", StringComparison.Ordinal));
        Assert.Contains(setRows["BrochurePage"], r => r.Contains("MENU #2", StringComparison.Ordinal));

        // The commit hooks received the original-to-copy keys of the root and of both pages, in both engines.
        Assert.Equal(3, objectHooks.Count);
        Assert.Equal(objectHooks.Select(k => (k.Entity, k.OriginalKey)).Order(), setHooks.Select(k => (k.Entity, k.OriginalKey)).Order());
        Assert.Contains(setHooks, k => k.Entity == "Brochure" && Equals(k.CopyKey, result.Roots.Single().CopyKey));
    }

    [Fact]
    public async Task A_call_rule_overrides_the_model_rule()
    {
        var (objectRows, _, _) = await CloneAsync(CloneEngine.Objects, "Spring", o => o.Set(b => b.Title, b => b.Title + " 2027"));
        var (setRows, _, _) = await CloneAsync(CloneEngine.Sets, "Spring", o => o.Set(b => b.Title, b => b.Title + " 2027"));

        Assert.Equal(objectRows, setRows);
        Assert.Contains(setRows["Brochures"], r => r.Contains("Spring 2027", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("objects")]
    [InlineData("sets")]
    public async Task A_guard_refuses_the_clone_with_the_reason_and_the_root_and_nothing_is_written(string engine)
    {
        await using var database = await SeedAsync();
        await using var db = new BrochureContext(Options(database));
        var winter = await db.Brochures.SingleAsync(b => b.Title == "Winter");

        var error = await Assert.ThrowsAsync<CloneRefusedException>(() => (engine == "objects" ? CloneEngine.Objects : CloneEngine.Sets).CloneAsync(db, winter));

        Assert.Equal("archived brochures cannot be copied", error.Reason);
        Assert.Equal("Brochure", error.EntityType);
        Assert.Equal(winter.Id, Convert.ToInt32(error.Key!.Single(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(3, await db.Brochures.CountAsync());
        Assert.DoesNotContain(db.ChangeTracker.Entries(), e => e.State != EntityState.Unchanged);
    }

    [Fact]
    public async Task Set_mode_checks_the_guard_on_every_root_the_query_selects()
    {
        await using var database = await SeedAsync();
        await using var db = new BrochureContext(Options(database));

        var error = await Assert.ThrowsAsync<CloneRefusedException>(() => db.Brochures.Where(b => b.Title != "Secret sale").ExecuteCloneAsync());

        Assert.Contains("'Brochure'", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, await db.Brochures.CountAsync());
    }

    [Fact]
    public async Task A_hook_vetoes_in_object_mode_and_set_mode_names_the_hook_and_the_forms_it_runs()
    {
        await using var database = await SeedAsync();
        await using var db = new HookedBrochureContext(Options(database));
        var secret = await db.Brochures.SingleAsync(b => b.Title == "Secret sale");

        var veto = await Assert.ThrowsAsync<CloneRefusedException>(() => db.CloneAndSaveAsync(secret, o => o.Include(b => b.Pages)));
        Assert.Equal("secret brochures stay single", veto.Reason);
        Assert.Same(secret, veto.Entity);
        Assert.Equal(3, await db.Brochures.CountAsync());

        var refused = await Assert.ThrowsAsync<CloneException>(() => db.Brochures.Where(b => b.Title == "Spring").ExecuteCloneAsync());
        Assert.Contains("OnCloning", refused.Message, StringComparison.Ordinal);
        Assert.Contains("SetOnClone(x => x.Property, original => ...)", refused.Message, StringComparison.Ordinal);
        Assert.Contains("OnCloneCommitted", refused.Message, StringComparison.Ordinal);
        Assert.Equal(3, await db.Brochures.CountAsync());
    }

    [Fact]
    public async Task A_dry_run_counts_the_same_rows_in_both_engines_and_writes_nothing()
    {
        await using var database = await SeedAsync();
        await using var db = new BrochureContext(Options(database));
        var before = await RowSnapshot.OfAsync(db);
        var spring = await db.Brochures.SingleAsync(b => b.Title == "Spring");
        BrochureContext.Committed.Value = [];

        var objects = await db.CloneAndSaveAsync(spring, o => o.DryRun());
        var sets = await db.Brochures.Where(b => b.Status == "live" && !b.IsArchived).ExecuteCloneAsync(o => o.DryRun().Copies(2));

        Assert.True(objects.IsDryRun);
        Assert.Equal(new Dictionary<string, long> { ["Brochures"] = 1, ["BrochurePage"] = 2 }, objects.Tables);
        Assert.Equal(new Dictionary<string, long> { ["Brochures"] = 4, ["BrochurePage"] = 4 }, sets.Tables);
        Assert.Empty(objects.Roots);
        Assert.Equal("Copy of Spring", objects.Copy.Title);
        Assert.Empty(BrochureContext.Committed.Value);
        Assert.All(db.ChangeTracker.Entries(), e => Assert.Equal(EntityState.Unchanged, e.State));
        await using var check = new BrochureContext(Options(database));
        Assert.Equal(before, await RowSnapshot.OfAsync(check));

        // Nothing was taken from the key sequence either: the next clone gets the next key.
        var real = await check.Brochures.Where(b => b.Title == "Spring").ExecuteCloneAsync();
        Assert.Equal(4, Convert.ToInt32(real.Roots.Single().CopyKey, System.Globalization.CultureInfo.InvariantCulture));
    }
}

public sealed class SqliteModelRulesTests : ModelRulesTests
{
    protected override string Provider => "sqlite";
}

public sealed class PostgresModelRulesTests : ModelRulesTests
{
    protected override string Provider => "postgres";
}

/// <summary>The preview with statements, on both databases: counts and SQL, and nothing written.</summary>
public abstract class PlanStatementsTests
{
    protected abstract string Provider { get; }

    [Fact]
    public async Task The_preview_shows_the_rows_and_the_statements_and_writes_nothing()
    {
        await using var database = await TestDatabase.CreateAsync(Provider);
        var options = (DbContextOptions<BrochureContext>)database.Options<BrochureContext>();
        await using var db = await database.EnsureCreatedAsync(() => new BrochureContext(options));
        db.Add(new Brochure { Title = "Spring", Status = "live", Pages = { new BrochurePage { Number = 1, Heading = "Intro" } } });
        await db.SaveChangesAsync();
        var title = "Spring";

        var text = await db.Brochures.Where(b => b.Title == title).ToClonePlanAsync(o => o.Include(b => b.Pages.Where(p => p.Number > 0)));

        Assert.Contains("Title = x => (\"Copy of \" + x.Title) (model)", text, StringComparison.Ordinal);
        Assert.Contains("only rows where p => (p.Number > 0) (option)", text, StringComparison.Ordinal);
        Assert.Contains("rows to copy (dry run): Brochures 1, BrochurePage 1", text, StringComparison.Ordinal);
        Assert.Contains("INSERT INTO \"Brochures\"", text, StringComparison.Ordinal);
        Assert.Contains("INSERT INTO \"BrochurePage\"", text, StringComparison.Ordinal);
        Assert.Contains("\"Number\" > 0", text, StringComparison.Ordinal);
        Assert.Contains("@", text, StringComparison.Ordinal);
        Assert.Equal(1, await db.Brochures.CountAsync());
        Assert.Equal(1, await db.Set<BrochurePage>().CountAsync());

        // Nothing was taken from the key sequence: the next clone gets the next key.
        var result = await db.Brochures.Where(b => b.Title == title).ExecuteCloneAsync();
        Assert.Equal(2, Convert.ToInt32(result.Roots.Single().CopyKey, System.Globalization.CultureInfo.InvariantCulture));
    }
}

public sealed class SqlitePlanStatementsTests : PlanStatementsTests
{
    protected override string Provider => "sqlite";
}

public sealed class PostgresPlanStatementsTests : PlanStatementsTests
{
    protected override string Provider => "postgres";
}
