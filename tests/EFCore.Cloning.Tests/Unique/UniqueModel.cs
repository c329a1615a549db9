using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Tests.Unique;

/// <summary>A short code: its column (12) is shorter than the longest suffix the search may need (<c> (copy 99999)</c>).</summary>
public class Code
{
    public int Id { get; set; }

    public string Value { get; set; } = "";
}

/// <summary>A document unique by folder (nullable), tenant and name: a composite scope with nulls.</summary>
public class Doc
{
    public int Id { get; set; }

    public int? FolderId { get; set; }

    public int TenantId { get; set; }

    public string Name { get; set; } = "";
}

/// <summary>A tag unique by name, case-insensitively (NOCASE on SQLite, citext on PostgreSQL).</summary>
public class Tag
{
    public int Id { get; set; }

    public string Name { get; set; } = "";
}

/// <summary>TPC: a serial unique across the tables of the hierarchy.</summary>
public abstract class Device
{
    public int Id { get; set; }

    public string Serial { get; set; } = "";
}

public class Phone : Device
{
    public int Sim { get; set; }
}

public class Tablet : Device
{
    public double Inches { get; set; }
}

/// <summary>An album whose tracks are unique by album and title: copies under a copied album compete only with each other.</summary>
public class Album
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public List<Track> Tracks { get; set; } = [];
}

public class Track
{
    public int Id { get; set; }

    public int AlbumId { get; set; }

    public string Title { get; set; } = "";

    /// <summary>A track it belongs under: copies are also reached through the tree, so the index is not always new.</summary>
    public Track? Parent { get; set; }

    public List<Track> Children { get; set; } = [];
}

public sealed class UniqueContext(DbContextOptions<UniqueContext> options) : DbContext(options)
{
    public DbSet<Code> Codes => Set<Code>();

    public DbSet<Doc> Docs => Set<Doc>();

    public DbSet<Tag> Tags => Set<Tag>();

    public DbSet<Device> Devices => Set<Device>();

    public DbSet<Album> Albums => Set<Album>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        var postgres = Database.IsNpgsql();
        b.Entity<Code>(c =>
        {
            c.Property(x => x.Value).HasMaxLength(12);
            c.HasIndex(x => x.Value).IsUnique();
        });
        b.Entity<Doc>().HasIndex(x => new { x.FolderId, x.TenantId, x.Name }).IsUnique();
        b.Entity<Tag>(t =>
        {
            t.HasIndex(x => x.Name).IsUnique();
            if (postgres)
            {
                t.Property(x => x.Name).HasColumnType("citext");
            }
            else
            {
                t.Property(x => x.Name).UseCollation("NOCASE");
            }
        });
        if (postgres)
        {
            b.HasPostgresExtension("citext");
        }

        b.Entity<Device>(d =>
        {
            d.UseTpcMappingStrategy();
            d.HasIndex(x => x.Serial).IsUnique();
            if (!postgres)
            {
                d.Property(x => x.Id).ValueGeneratedOnAdd();
            }
        });
        b.Entity<Track>(t =>
        {
            t.HasIndex(x => new { x.AlbumId, x.Title }).IsUnique();
            t.HasOne(x => x.Parent).WithMany(x => x.Children).HasForeignKey("ParentId").OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<Phone>().ToTable("Phones");
        b.Entity<Tablet>().ToTable("Tablets");
    }
}
