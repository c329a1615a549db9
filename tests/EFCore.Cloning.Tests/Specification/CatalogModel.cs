using System.ComponentModel.DataAnnotations.Schema;
using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Tests.Specification;

// One model that exercises most of what a clone meets: keys of every kind, owned and complex types, JSON, byte
// arrays and primitive collections, one-to-one, one-to-many, many-to-many (implicit and with payload), a
// self-referencing tree, a row reached by two paths, unique strings, store defaults and hooks.

public class Store
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public string Slug { get; set; } = "";

    public string? Motto { get; set; }

    public byte[] Logo { get; set; } = [];

    public List<string> Keywords { get; set; } = [];

    public Address Address { get; set; } = new();

    public List<OpeningHours> Hours { get; set; } = [];

    public StoreSettings Settings { get; set; } = new();

    public BillingInfo Billing { get; set; } = new();

    public GeoPoint Location { get; set; } = new();

    public DateTime CreatedAt { get; set; }

    public Guid Version { get; set; }

    public int? CategoryId { get; set; }

    public Category? Category { get; set; }

    public Manager? Manager { get; set; }

    public List<Product> Products { get; set; } = [];

    public List<Folder> Folders { get; set; } = [];
}

public class Address
{
    public string Street { get; set; } = "";

    public string City { get; set; } = "";
}

public class OpeningHours
{
    public string Day { get; set; } = "";

    public int Opens { get; set; }

    public int Closes { get; set; }
}

public class StoreSettings
{
    public string Theme { get; set; } = "";

    public List<string> Flags { get; set; } = [];
}

public class BillingInfo
{
    public string Iban { get; set; } = "";
}

public class GeoPoint
{
    public double Latitude { get; set; }

    public double Longitude { get; set; }
}

public class Category
{
    public int Id { get; set; }

    public string Name { get; set; } = "";
}

public class Manager
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public int StoreId { get; set; }
}

public class Product
{
    public long Id { get; set; }

    public string Title { get; set; } = "";

    public decimal Price { get; set; }

    public int StoreId { get; set; }

    public Store Store { get; set; } = null!;

    public List<Tag> Tags { get; set; } = [];

    public List<ProductSupplier> Suppliers { get; set; } = [];
}

public class Tag
{
    public int Id { get; set; }

    public string Label { get; set; } = "";

    public List<Product> Products { get; set; } = [];
}

public class Supplier
{
    public int Id { get; set; }

    public string Name { get; set; } = "";
}

public class ProductSupplier
{
    public long ProductId { get; set; }

    public int SupplierId { get; set; }

    public Supplier Supplier { get; set; } = null!;

    public decimal UnitCost { get; set; }
}

public class Folder
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public int StoreId { get; set; }

    public int? ParentId { get; set; }

    public Folder? Parent { get; set; }

    public List<Folder> Children { get; set; } = [];

    public List<Document> Documents { get; set; } = [];
}

public class Document
{
    public Guid Id { get; set; }

    public string Title { get; set; } = "";

    public int FolderId { get; set; }

    // Reached twice in a store's aggregate: through its folder, and as a folder's pinned document.
    public List<Pin> Pins { get; set; } = [];
}

public class Pin
{
    public int Id { get; set; }

    public int FolderId { get; set; }

    public Guid DocumentId { get; set; }
}

public class Country
{
    public string Code { get; set; } = "";

    public string Name { get; set; } = "";
}

public class Edition
{
    public int BookId { get; set; }

    public int Number { get; set; }

    public string Title { get; set; } = "";
}

public class Coupon
{
    public int Id { get; set; }

    public int Serial { get; set; }
}

public class CatalogContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Store> Stores => Set<Store>();

    public DbSet<Product> Products => Set<Product>();

    public DbSet<Tag> Tags => Set<Tag>();

    public DbSet<Folder> Folders => Set<Folder>();

    public DbSet<Document> Documents => Set<Document>();

    public DbSet<Category> Categories => Set<Category>();

    public DbSet<Country> Countries => Set<Country>();

    public DbSet<Edition> Editions => Set<Edition>();

    public DbSet<Coupon> Coupons => Set<Coupon>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.Entity<Store>(e =>
        {
            e.HasIndex(s => s.Name).IsUnique();
            e.Property(s => s.Name).HasMaxLength(20);
            e.HasIndex(s => s.Slug).IsUnique();
            e.Property(s => s.CreatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
            e.Property(s => s.Version).IsConcurrencyToken();
            e.OwnsOne(s => s.Address);
            e.OwnsMany(s => s.Hours, h =>
            {
                h.ToTable("StoreHours");
                h.WithOwner().HasForeignKey("StoreId");
                h.HasKey("StoreId", nameof(OpeningHours.Day));
            });
            e.OwnsOne(s => s.Settings, s => s.ToJson());
            e.OwnsOne(s => s.Billing, b => b.ToTable("StoreBilling"));
            e.ComplexProperty(s => s.Location);
            e.HasOne(s => s.Manager).WithOne().HasForeignKey<Manager>(m => m.StoreId);
            e.HasMany(s => s.Folders).WithOne().HasForeignKey(f => f.StoreId);
        });
        b.Entity<Product>(e =>
        {
            e.HasMany(p => p.Tags).WithMany(t => t.Products);
            e.HasMany(p => p.Suppliers).WithOne().HasForeignKey(s => s.ProductId);
            e.Property(p => p.Price).HasPrecision(10, 2);
        });
        b.Entity<ProductSupplier>(e =>
        {
            e.HasKey(s => new { s.ProductId, s.SupplierId });
            e.Property(s => s.UnitCost).HasPrecision(10, 2);
        });
        b.Entity<Folder>(e =>
        {
            e.HasOne(f => f.Parent).WithMany(f => f.Children).HasForeignKey(f => f.ParentId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(f => f.Documents).WithOne().HasForeignKey(d => d.FolderId);
            e.HasMany<Pin>().WithOne().HasForeignKey(p => p.FolderId);
        });
        b.Entity<Document>(e => e.HasMany(d => d.Pins).WithOne().HasForeignKey(p => p.DocumentId));
        b.Entity<Country>().HasKey(c => c.Code);
        b.Entity<Edition>().HasKey(x => new { x.BookId, x.Number });
        b.Entity<Coupon>().HasIndex(c => c.Serial).IsUnique();
    }

    /// <summary>A store with everything: owned rows, JSON, a product range with tags and suppliers, a folder tree with documents and pins.</summary>
    public static async Task<int> SeedStoreAsync(CatalogContext db, string name = "Apollo")
    {
        var category = new Category { Name = "Books" };
        var tags = new[] { new Tag { Label = "new" }, new Tag { Label = "sale" } };
        var suppliers = new[] { new Supplier { Name = "Acme" }, new Supplier { Name = "Globex" } };
        var store = new Store
        {
            Name = name,
            Slug = name.ToLowerInvariant(),
            Motto = "Best in town",
            Logo = [1, 2, 3],
            Keywords = ["books", "maps"],
            Address = new Address { Street = "1 Main St", City = "Paris" },
            Hours = [new OpeningHours { Day = "Mon", Opens = 9, Closes = 18 }, new OpeningHours { Day = "Tue", Opens = 9, Closes = 17 }],
            Settings = new StoreSettings { Theme = "dark", Flags = ["a", "b"] },
            Billing = new BillingInfo { Iban = "FR76 0000" },
            Location = new GeoPoint { Latitude = 48.85, Longitude = 2.35 },
            Version = new Guid(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(name))),
            Category = category,
            Manager = new Manager { Name = "Ada" },
        };
        for (var i = 0; i < 4; i++)
        {
            var product = new Product { Title = $"Product {i}", Price = 10 + i, Tags = [tags[i % 2]] };
            product.Suppliers.Add(new ProductSupplier { Supplier = suppliers[i % 2], UnitCost = 5 + i });
            store.Products.Add(product);
        }

        var root = new Folder { Name = "root" };
        var child = new Folder { Name = "child", Parent = root };
        var grandchild = new Folder { Name = "grandchild", Parent = child };
        store.Folders.AddRange([root, child, grandchild]);
        var document = new Document { Title = "Readme" };
        child.Documents.Add(document);
        db.Add(store);
        await db.SaveChangesAsync();
        db.Add(new Pin { FolderId = root.Id, DocumentId = document.Id });
        await db.SaveChangesAsync();
        return store.Id;
    }
}

/// <summary>The catalog with hooks and model-level clone configuration, which every clone of it follows.</summary>
public sealed class ConfiguredCatalogContext(DbContextOptions options) : CatalogContext(options)
{
    public List<string> HookLog { get; } = [];

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);
        b.Entity<Store>(e =>
        {
            e.Navigation(s => s.Folders).HasCloneStrategy(CloneStrategy.Skip);
            e.Property(s => s.Motto).ResetOnClone();
            e.OnCloning((original, copy) => copy.Keywords.Add("copied from " + original.Name));
        });
        b.Entity<Product>().OnCloning((original, copy) => copy.Title = original.Title + " (copy)");
        b.Entity<Product>().OnCloned((original, copy) => ClonedProducts.Add((original.Id, copy.Id)));
    }

    /// <summary>Original and copy keys seen by the OnCloned hook, per process (tests filter by their own keys).</summary>
    public static System.Collections.Concurrent.ConcurrentBag<(long Original, long Copy)> ClonedProducts { get; } = [];
}
