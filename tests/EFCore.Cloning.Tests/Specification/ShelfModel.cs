using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace EFCore.Cloning.Tests.Specification;

public sealed class Shelf
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    public List<Item> Items { get; set; } = [];

    public List<Sheet> Sheets { get; set; } = [];
}

/// <summary>TPT root (table Items), a tree.</summary>
public class Item
{
    public int Id { get; set; }

    public int ShelfId { get; set; }

    public int? ParentId { get; set; }

    public Item? Parent { get; set; }

    public string Title { get; set; } = "";

    public List<Item> Children { get; set; } = [];

    public List<Review> Reviews { get; set; } = [];
}

/// <summary>TPT derived type (table Books, its own store default).</summary>
public sealed class Book : Item
{
    public int Pages { get; set; }

    public string Edition { get; set; } = "";
}

public sealed class Review
{
    public int Id { get; set; }

    public int ItemId { get; set; }

    public string Text { get; set; } = "";
}

/// <summary>An owner of a JSON collection (its ordinal keys are set inside EF's save), whose rows only SaveChanges writes.</summary>
public sealed class Sheet
{
    public int Id { get; set; }

    public int ShelfId { get; set; }

    public string Name { get; set; } = "";

    public SheetLayout Layout { get; set; } = new();

    public List<SheetTab> Tabs { get; set; } = [];

    public List<SheetCell> Cells { get; set; } = [];
}

public sealed class SheetLayout
{
    public int Columns { get; set; }

    public List<string> Headers { get; set; } = [];
}

public sealed class SheetTab
{
    public string Caption { get; set; } = "";
}

/// <summary>A dependent of a copy left to SaveChanges: saved after it, by SaveChanges too.</summary>
public sealed class SheetCell
{
    public int Id { get; set; }

    public int SheetId { get; set; }

    public string Value { get; set; } = "";
}

/// <summary>The model the direct save's mixed case is checked on: TPT rows it inserts, owners of JSON collections it leaves to SaveChanges.</summary>
public sealed class ShelfContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Shelf> Shelves => Set<Shelf>();

    public DbSet<Item> Items => Set<Item>();

    public DbSet<Sheet> Sheets => Set<Sheet>();

    public List<string> Commands { get; } = [];

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
        => optionsBuilder.LogTo(Commands.Add, [RelationalEventId.CommandExecuted]);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Shelf>(b =>
        {
            b.HasIndex(x => x.Name).IsUnique();
            b.Property(x => x.CreatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
        });
        modelBuilder.Entity<Item>(b =>
        {
            b.UseTptMappingStrategy();
            b.HasOne(x => x.Parent).WithMany(x => x.Children).HasForeignKey(x => x.ParentId).OnDelete(DeleteBehavior.Restrict);
            b.HasMany(x => x.Reviews).WithOne().HasForeignKey(r => r.ItemId);
        });
        modelBuilder.Entity<Book>(b =>
        {
            b.ToTable("Books");
            b.Property(x => x.Edition).HasDefaultValue("first");
        });
        modelBuilder.Entity<Sheet>(b =>
        {
            b.OwnsOne(x => x.Layout, l => l.ToJson());
            b.OwnsMany(x => x.Tabs, t => t.ToJson());
            b.HasMany(x => x.Cells).WithOne().HasForeignKey(c => c.SheetId);
        });
        modelBuilder.Entity<SheetCell>().ToTable(t => t.HasCheckConstraint("CK_SheetCell_Value", "length(\"Value\") < 40"));
    }

    public static async Task SeedAsync(ShelfContext db)
    {
        var shelf = new Shelf { Name = "Classics" };
        for (var i = 0; i < 6; i++)
        {
            Item item = i % 2 == 0 ? new Item { Title = $"item {i}" } : new Book { Title = $"book {i}", Pages = 100 * i, Edition = i == 3 ? "" : "second" };
            item.Parent = i >= 2 ? shelf.Items[i / 2 - 1] : null;
            item.Reviews.Add(new Review { Text = $"review {i}" });
            shelf.Items.Add(item);
        }

        for (var i = 0; i < 2; i++)
        {
            var sheet = new Sheet { Name = $"sheet {i}", Layout = new SheetLayout { Columns = 2 + i, Headers = ["a", $"b{i}"] }, Tabs = [new() { Caption = "one" }, new() { Caption = $"two {i}" }] };
            sheet.Cells.Add(new SheetCell { Value = $"cell {i}" });
            sheet.Cells.Add(new SheetCell { Value = $"other {i}" });
            shelf.Sheets.Add(sheet);
        }

        db.Add(shelf);
        await db.SaveChangesAsync();
    }
}
