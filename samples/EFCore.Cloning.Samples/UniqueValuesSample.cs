using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Samples;

/// <summary>docs/unique-values.md: copies of values under a unique index get a suffix that is really unique.</summary>
public static class UniqueValuesSample
{
    public static async Task RunAsync(TextWriter output)
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        await using var db = new PagesContext(new DbContextOptionsBuilder<PagesContext>().UseSqlite(connection).Options);
        await db.Database.EnsureCreatedAsync();
        db.Add(new Page { Title = "Pricing", Slug = "pricing", Code = "PRICING-PAGE-2026" });
        await db.SaveChangesAsync();
        var page = await db.Pages.SingleAsync();

        for (var i = 0; i < 3; i++)
        {
            await db.CloneAndSaveAsync(page);
        }

        Table.Write(output, ["title", "slug", "code (max 20)"], (await db.Pages.AsNoTracking().OrderBy(p => p.Id).ToListAsync())
            .Select(p => (IReadOnlyList<object?>)[p.Title, p.Slug, p.Code]));
    }

    public sealed class Page
    {
        public int Id { get; set; }

        public string Title { get; set; } = "";

        public string Slug { get; set; } = "";

        public string Code { get; set; } = "";
    }

    public sealed class PagesContext(DbContextOptions<PagesContext> options) : DbContext(options)
    {
        public DbSet<Page> Pages => Set<Page>();

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<Page>(b =>
            {
                b.HasIndex(p => p.Title).IsUnique();
                b.HasIndex(p => p.Slug).IsUnique();
                b.HasIndex(p => p.Code).IsUnique();
                b.Property(p => p.Code).HasMaxLength(20).HasCloneSuffix(CloneSuffix.Create("~", "~{0}"));
            });
        }
    }
}
