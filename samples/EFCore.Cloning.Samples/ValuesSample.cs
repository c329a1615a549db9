using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Samples;

/// <summary>
/// docs/values.md: what each value of a copy becomes: kept, Set (a constant or computed from the original), Reset,
/// a store default expression (fresh on the copy), a constant default (kept), a computed column (the database's own).
/// </summary>
public static class ValuesSample
{
    public static async Task RunAsync(TextWriter output)
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        await using var db = new ArticlesContext(new DbContextOptionsBuilder<ArticlesContext>().UseSqlite(connection).Options);
        await db.Database.EnsureCreatedAsync();
        var written = new DateTime(2020, 1, 1, 9, 0, 0);
        db.Add(new Article { Title = "Launch", Status = "published", Views = 1234, CreatedAt = written, PublishedAt = written.AddDays(1) });
        await db.SaveChangesAsync();
        var original = await db.Articles.SingleAsync();

        var result = await db.CloneAndSaveAsync(original, o => o
            .Set(a => a.Title, a => a.Title + " v2")   // computed from the original (set mode has EF translate it)
            .Set(a => a.Status, "draft")               // a constant
            .Reset(a => a.Views));                     // back to its default; PublishedAt is reset by the model

        db.ChangeTracker.Clear();
        var rows = await db.Articles.OrderBy(a => a.Id).ToListAsync();
        Table.Write(output, ["", "id", "title", "status", "views", "created", "published", "label (computed)"],
            rows.Select(a => (IReadOnlyList<object?>)[a.Id == original.Id ? "original" : "copy", a.Id, a.Title, a.Status, a.Views,
                a.CreatedAt.Year == written.Year ? "2020 (as saved)" : "fresh CURRENT_TIMESTAMP", a.PublishedAt?.ToString("yyyy-MM-dd"), a.Label]));

        // A constant default ('new') is data: a copy keeps the original's value, here 'published'.
        var kept = await db.CloneAndSaveAsync(original);
        output.WriteLine($"plain copy #{kept.Copy.Id}: status '{kept.Copy.Status}' (constant default not applied), views {kept.Copy.Views}");
        output.WriteLine($"copied {result.TotalRows} row(s): article {result.Roots[0].OriginalKey} -> {result.Roots[0].CopyKey}");
    }

    public sealed class Article
    {
        public int Id { get; set; }

        public string Title { get; set; } = "";

        public string Status { get; set; } = "";

        public int Views { get; set; }

        public DateTime CreatedAt { get; set; }

        public DateTime? PublishedAt { get; set; }

        public string? Label { get; set; }
    }

    public sealed class ArticlesContext(DbContextOptions<ArticlesContext> options) : DbContext(options)
    {
        public DbSet<Article> Articles => Set<Article>();

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<Article>(b =>
            {
                b.Property(a => a.Status).HasDefaultValue("new");                          // a constant default: copied as data
                b.Property(a => a.CreatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");      // an expression: fresh on the copy
                b.Property(a => a.PublishedAt).ResetOnClone();                             // every copy starts unpublished
                b.Property(a => a.Label).HasComputedColumnSql("upper(\"Title\")", stored: true); // the database's own
            });
        }
    }
}
