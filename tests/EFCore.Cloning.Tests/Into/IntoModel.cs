using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Tests.Into;

/// <summary>A shared principal two levels deep (a publisher of a country), shared by the copied book.</summary>
public class Country
{
    public int Id { get; set; }

    public string Name { get; set; } = string.Empty;
}

/// <summary>The principal the books share: copied into another database only on request.</summary>
public class Publisher
{
    public int Id { get; set; }

    public string Name { get; set; } = string.Empty;

    public int CountryId { get; set; }

    public Country Country { get; set; } = null!;
}

/// <summary>An optional shared principal with a GUID key, which the databases store differently.</summary>
public class Imprint
{
    public Guid Id { get; set; }

    public string Name { get; set; } = string.Empty;
}

/// <summary>The root, with a column of every type the databases store differently.</summary>
public class Book
{
    public int Id { get; set; }

    public string Title { get; set; } = string.Empty;

    public Guid ExternalId { get; set; }

    public DateTime PublishedAt { get; set; }

    public decimal Price { get; set; }

    public bool InPrint { get; set; }

    public byte[] Cover { get; set; } = [];

    public BookStyle Style { get; set; } = new();

    public int PublisherId { get; set; }

    public Publisher Publisher { get; set; } = null!;

    public Guid? ImprintId { get; set; }

    public Imprint? Imprint { get; set; }

    public List<Chapter> Chapters { get; set; } = [];
}

/// <summary>Stored as JSON in the book's row (<c>ToJson</c>).</summary>
public class BookStyle
{
    public string Font { get; set; } = string.Empty;

    public int Size { get; set; }
}

/// <summary>A dependent that cascades from its book: part of the aggregate.</summary>
public class Chapter
{
    public int Id { get; set; }

    public int BookId { get; set; }

    public Book Book { get; set; } = null!;

    public int Number { get; set; }

    public string Heading { get; set; } = string.Empty;
}

/// <summary>The same model on both databases.</summary>
public class IntoContext(DbContextOptions<IntoContext> options) : DbContext(options)
{
    public DbSet<Country> Countries => Set<Country>();

    public DbSet<Publisher> Publishers => Set<Publisher>();

    public DbSet<Imprint> Imprints => Set<Imprint>();

    public DbSet<Book> Books => Set<Book>();

    public DbSet<Chapter> Chapters => Set<Chapter>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Book>(b =>
        {
            b.OwnsOne(x => x.Style, s => s.ToJson());
            b.Property(x => x.Price).HasPrecision(10, 2);
            b.HasMany(x => x.Chapters).WithOne(c => c.Book).HasForeignKey(c => c.BookId).OnDelete(DeleteBehavior.Cascade);
            b.HasOne(x => x.Publisher).WithMany().HasForeignKey(x => x.PublisherId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne(x => x.Imprint).WithMany().HasForeignKey(x => x.ImprintId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<Publisher>().HasOne(p => p.Country).WithMany().HasForeignKey(p => p.CountryId).OnDelete(DeleteBehavior.Restrict);
    }
}
