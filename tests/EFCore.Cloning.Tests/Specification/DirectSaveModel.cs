using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace EFCore.Cloning.Tests.Specification;

public enum BoardPriority
{
    Low,
    High,
}

/// <summary>A value kept in cents by a value converter of the model's own.</summary>
public readonly record struct Money(decimal Amount);

public sealed class Board
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    public BoardPriority Priority { get; set; }

    public Money Budget { get; set; }

    public List<Card> Cards { get; set; } = [];
}

/// <summary>TPH root: its parent is a shadow foreign key; its labels an implicit many-to-many.</summary>
public class Card
{
    public int Id { get; set; }

    public int BoardId { get; set; }

    public Board Board { get; set; } = null!;

    public Card? Parent { get; set; }

    public string Title { get; set; } = "";

    public List<Card> Children { get; set; } = [];

    public List<CardNote> Notes { get; set; } = [];

    public List<Label> Labels { get; set; } = [];
}

public sealed class UrgentCard : Card
{
    public int Level { get; set; }
}

/// <summary>A composite key: the card's key and a number.</summary>
public sealed class CardNote
{
    public int CardId { get; set; }

    public int Number { get; set; }

    public string Text { get; set; } = "";
}

public sealed class Label
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public List<Card> Cards { get; set; } = [];
}

/// <summary>The model the direct save is checked on: converters, TPH, shadow and composite keys, a store default read back.</summary>
public sealed class BoardContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Board> Boards => Set<Board>();

    public DbSet<Card> Cards => Set<Card>();

    public DbSet<Label> Labels => Set<Label>();

    public List<string> Commands { get; } = [];

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
        => optionsBuilder.LogTo(Commands.Add, [RelationalEventId.CommandExecuted]);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Board>(b =>
        {
            b.HasIndex(x => x.Name).IsUnique();
            b.Property(x => x.CreatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
            b.Property(x => x.Priority).HasConversion<string>();
            b.Property(x => x.Budget).HasConversion(new ValueConverter<Money, long>(m => (long)(m.Amount * 100), c => new Money(c / 100m)));
        });
        modelBuilder.Entity<Card>(b =>
        {
            b.HasOne(x => x.Parent).WithMany(x => x.Children).HasForeignKey("ParentId").OnDelete(DeleteBehavior.Restrict);
            b.HasMany(x => x.Notes).WithOne().HasForeignKey(n => n.CardId);
            b.HasDiscriminator<string>("Kind").HasValue<Card>("card").HasValue<UrgentCard>("urgent");
        });
        modelBuilder.Entity<CardNote>(b =>
        {
            b.HasKey(n => new { n.CardId, n.Number });
            b.ToTable(t => t.HasCheckConstraint("CK_CardNote_Text", "length(\"Text\") < 40"));
        });
        modelBuilder.Entity<Label>().HasIndex(x => x.Name).IsUnique();
    }

    public static async Task<int> SeedAsync(BoardContext db, string name = "Apollo")
    {
        var labels = new[] { new Label { Name = name + "-red" }, new Label { Name = name + "-blue" } };
        var board = new Board { Name = name, Priority = BoardPriority.High, Budget = new Money(12.34m) };
        for (var i = 0; i < 6; i++)
        {
            Card card = i % 2 == 0 ? new Card { Title = $"card {i}" } : new UrgentCard { Title = $"urgent {i}", Level = i };
            card.Parent = i >= 2 ? board.Cards[i / 2 - 1] : null;
            card.Labels.Add(labels[i % 2]);
            card.Notes.Add(new CardNote { Number = 1, Text = $"note {i}" });
            card.Notes.Add(new CardNote { Number = 2, Text = $"second {i}" });
            board.Cards.Add(card);
        }

        db.Add(board);
        await db.SaveChangesAsync();
        return board.Id;
    }
}
