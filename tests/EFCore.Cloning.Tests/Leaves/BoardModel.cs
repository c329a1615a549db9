using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Tests.Leaves;

/// <summary>
/// A board whose children are the leaves set mode inserts straight from the board's key map: cards (TPH, a recorded
/// origin, with checklist items below them), labels with a composite key, attachments with GUID keys, remarks behind a
/// query filter.
/// </summary>
public sealed class BoardContext(DbContextOptions<BoardContext> options) : DbContext(options)
{
    public DbSet<Board> Boards => Set<Board>();

    public DbSet<Card> Cards => Set<Card>();

    public DbSet<Remark> Remarks => Set<Remark>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Card>(b =>
        {
            b.HasDiscriminator<string>("Kind").HasValue<Card>("card").HasValue<ChecklistCard>("checklist");
            b.Property(c => c.Title).HasMaxLength(80);
        });
        modelBuilder.Entity<BoardLabel>().HasKey(l => new { l.BoardId, l.Code });
        modelBuilder.Entity<Remark>().HasQueryFilter(r => !r.IsDeleted);
    }

    /// <summary>A board with cards whose keys are not in position order, so that order is something to keep.</summary>
    public static async Task<int> SeedAsync(BoardContext db, string name = "Apollo")
    {
        var board = new Board { Name = name };
        db.Add(board);
        await db.SaveChangesAsync();
        foreach (var position in new[] { 3, 1, 4, 2, 5 })
        {
            Card card = position % 2 == 0 ? new ChecklistCard { Items = position * 10 } : new Card();
            card.Title = $"{name} card {position}";
            card.Position = position;
            card.BoardId = board.Id;
            card.Checklist.Add(new CheckItem { Text = $"{name} item {position}" });
            db.Add(card);
            await db.SaveChangesAsync();
        }

        db.AddRange(
            new BoardLabel { BoardId = board.Id, Code = "urgent", Color = "red" },
            new BoardLabel { BoardId = board.Id, Code = "later", Color = "grey" },
            new Attachment { BoardId = board.Id, FileName = "plan.pdf" },
            new Attachment { BoardId = board.Id, FileName = "notes.txt" },
            new Remark { BoardId = board.Id, Text = "kept" },
            new Remark { BoardId = board.Id, Text = "deleted", IsDeleted = true });
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        return board.Id;
    }
}

public class Board
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public List<Card> Cards { get; } = [];

    public List<BoardLabel> Labels { get; } = [];

    public List<Attachment> Attachments { get; } = [];

    public List<Remark> Remarks { get; } = [];
}

public class Card
{
    public int Id { get; set; }

    public int BoardId { get; set; }

    public string Title { get; set; } = "";

    public int Position { get; set; }

    public int? CopiedFromId { get; set; }

    public List<CheckItem> Checklist { get; } = [];
}

public class ChecklistCard : Card
{
    public int Items { get; set; }
}

public class CheckItem
{
    public int Id { get; set; }

    public int CardId { get; set; }

    public string Text { get; set; } = "";
}

public class BoardLabel
{
    public int BoardId { get; set; }

    public string Code { get; set; } = "";

    public string Color { get; set; } = "";
}

public class Attachment
{
    public Guid Id { get; set; }

    public int BoardId { get; set; }

    public string FileName { get; set; } = "";
}

public class Remark
{
    public int Id { get; set; }

    public int BoardId { get; set; }

    public string Text { get; set; } = "";

    public bool IsDeleted { get; set; }
}
