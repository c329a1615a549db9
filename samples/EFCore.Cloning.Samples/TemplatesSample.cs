using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Samples;

/// <summary>
/// docs/templates.md: a "Duplicate" of a checklist template written once, run by both engines: a filtered include
/// (archived steps stay behind), model rules as expressions, a guard, a hook after the commit with the key mappings,
/// then the preview (the plan, a dry run's counts and the SQL) before a set-mode clone of many templates.
/// </summary>
public static class TemplatesSample
{
    public static async Task RunAsync(TextWriter output)
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        await using var db = new ChecklistContext(new DbContextOptionsBuilder<ChecklistContext>().UseSqlite(connection).Options);
        await db.Database.EnsureCreatedAsync();
        db.AddRange(
            new Checklist { Title = "Onboarding", Steps = { new Step { Text = "Laptop" }, new Step { Text = "Fax machine", Archived = true }, new Step { Text = "Badge" } } },
            new Checklist { Title = "Offboarding", Locked = true });
        await db.SaveChangesAsync();
        ChecklistContext.Log = output;

        // Object mode: the template and its live steps; the title and status come from the model's rules.
        var onboarding = await db.Checklists.SingleAsync(c => c.Title == "Onboarding");
        var copy = await db.CloneAndSaveAsync(onboarding, o => o.Include(c => c.Steps.Where(s => !s.Archived)));
        output.WriteLine($"object mode: '{copy.Copy.Title}' ({copy.Copy.Status}) with {copy.Tables["Step"]} steps");

        // The guard refuses a locked template, in either engine, before anything is written.
        try
        {
            await db.Checklists.Where(c => c.Title == "Offboarding").ExecuteCloneAsync();
        }
        catch (CloneRefusedException refused)
        {
            output.WriteLine($"refused: {refused.Reason} ({refused.EntityType} {refused.Key![0]})");
        }

        // Before a big set-mode run: what it would do, with nothing written.
        var templates = db.Checklists.Where(c => !c.Locked && !c.Title.StartsWith("Copy of"));
        var preview = await templates.ToClonePlanAsync(o => o.Include(c => c.Steps.Where(s => !s.Archived)));
        output.WriteLine(preview.Split('\n').First(l => l.StartsWith("rows to copy", StringComparison.Ordinal)).TrimEnd());
        var dryRun = await templates.ExecuteCloneAsync(o => o.Include(c => c.Steps.Where(s => !s.Archived)).Copies(3).DryRun());
        output.WriteLine($"dry run, 3 copies: {string.Join(", ", dryRun.Tables.Select(t => $"{t.Key} {t.Value}"))}; checklists in the database: {await db.Checklists.CountAsync()} (nothing written)");

        // Set mode: the same rules, inside the database.
        var result = await templates.ExecuteCloneAsync(o => o.Include(c => c.Steps.Where(s => !s.Archived)).Copies(3));
        output.WriteLine($"set mode: {result.Tables["Checklists"]} checklists, {result.Tables["Step"]} steps");
        var titles = await db.Checklists.AsNoTracking().OrderBy(c => c.Id).Select(c => c.Title + " / " + c.Status).ToListAsync();
        output.WriteLine(string.Join("; ", titles));
    }

    public sealed class Checklist
    {
        public int Id { get; set; }

        public string Title { get; set; } = "";

        public string Status { get; set; } = "published";

        public bool Locked { get; set; }

        public List<Step> Steps { get; set; } = [];
    }

    public sealed class Step
    {
        public int Id { get; set; }

        public int ChecklistId { get; set; }

        public string Text { get; set; } = "";

        public bool Archived { get; set; }
    }

    public sealed class ChecklistContext(DbContextOptions<ChecklistContext> options) : DbContext(options)
    {
        /// <summary>Where the commit hook writes (a search index, a cache or a queue in an application).</summary>
        public static TextWriter? Log { get; set; }

        public DbSet<Checklist> Checklists => Set<Checklist>();

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<Checklist>(b =>
            {
                b.HasIndex(c => c.Title).IsUnique();
                b.SetOnClone(c => c.Title, c => "Copy of " + c.Title);   // an expression; under a unique index, the base of the suffix
                b.Property(c => c.Status).SetOnClone("draft");
                b.HasCloneGuard(c => !c.Locked, "locked templates cannot be duplicated");
                b.OnCloneCommitted(keys => Log?.WriteLine($"  committed: {string.Join(", ", keys.Select(k => $"{k.OriginalKey}->{k.CopyKey}"))}"));
            });
        }
    }
}
