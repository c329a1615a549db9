using EFCore.Cloning.Tests.Specification;
using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Tests.Field;

public class Board
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public List<Card> Cards { get; set; } = [];
}

public class Card
{
    public int Id { get; set; }

    public int BoardId { get; set; }

    public string Title { get; set; } = "";

    public bool Archived { get; set; }

    public List<CardNote> Notes { get; set; } = [];
}

public class CardNote
{
    public int Id { get; set; }

    public int CardId { get; set; }

    public string Text { get; set; } = "";
}

/// <summary>Archived cards are never cloned: the model's form of a filtered include.</summary>
public class BoardContext(DbContextOptions<BoardContext> options) : DbContext(options)
{
    public DbSet<Board> Boards => Set<Board>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.Entity<Board>().HasCloneFilter(x => x.Cards, c => !c.Archived).Navigation(x => x.Cards).HasCloneStrategy(CloneStrategy.Clone);
        b.Entity<Card>().Navigation(x => x.Notes).HasCloneStrategy(CloneStrategy.Clone);
    }
}

/// <summary>A filter declared in <c>OnModelCreating</c>, through both engines on both databases, with identical rows.</summary>
public abstract class ModelFilterTests
{
    protected abstract string Provider { get; }

    private async Task<(Dictionary<string, List<string>> Rows, int Copy)> RunAsync(CloneEngine engine, Action<CloneOptionsBuilder<Board>>? configure = null)
    {
        await using var database = await TestDatabase.CreateAsync(Provider);
        var options = (DbContextOptions<BoardContext>)database.Options<BoardContext>();
        await using (var db = await database.EnsureCreatedAsync(() => new BoardContext(options)))
        {
            db.Add(new Board
            {
                Name = "Roadmap",
                Cards =
                {
                    new Card { Title = "Now", Notes = { new CardNote { Text = "n1" } } },
                    new Card { Title = "Old", Archived = true, Notes = { new CardNote { Text = "n2" } } },
                    new Card { Title = "Later" },
                },
            });
            await db.SaveChangesAsync();
        }

        int copy;
        await using (var db = new BoardContext(options))
        {
            var result = await engine.CloneAsync(db, await db.Boards.SingleAsync(), configure);
            copy = (int)result.Roots.Single().CopyKey!;
        }

        await using var check = new BoardContext(options);
        return (await RowSnapshot.OfAsync(check), copy);
    }

    [Fact]
    public async Task The_model_filter_applies_in_both_engines_with_identical_rows()
    {
        var (objectRows, _) = await RunAsync(CloneEngine.Objects);
        var (setRows, copy) = await RunAsync(CloneEngine.Sets);

        Assert.Equal(objectRows, setRows);
        Assert.Equal(5, objectRows["Card"].Count);
        Assert.Equal(3, objectRows["CardNote"].Count);
        Assert.True(copy > 1);
    }

    [Fact]
    public async Task A_filtered_include_of_the_call_replaces_the_model_filter()
    {
        var (objectRows, _) = await RunAsync(CloneEngine.Objects, o => o.Include(b => b.Cards.Where(c => c.Title != "Now")));
        var (setRows, _) = await RunAsync(CloneEngine.Sets, o => o.Include(b => b.Cards.Where(c => c.Title != "Now")));

        Assert.Equal(objectRows, setRows);
        Assert.Equal(5, objectRows["Card"].Count);
        Assert.Contains(objectRows["Card"], r => r.Contains("Old", StringComparison.Ordinal));
        Assert.Equal(3, objectRows["CardNote"].Count);
    }

    [Fact]
    public async Task The_plan_names_the_filter_and_its_origin()
    {
        await using var database = await TestDatabase.CreateAsync(Provider);
        var options = (DbContextOptions<BoardContext>)database.Options<BoardContext>();
        await using var db = await database.EnsureCreatedAsync(() => new BoardContext(options));

        var plan = db.Boards.ToClonePlan();

        Assert.Contains("-> Card via Cards (clone: model), only rows where c => Not(c.Archived) (model)", plan, StringComparison.Ordinal);
    }

    [Fact]
    public void A_filter_on_what_is_not_a_navigation_to_dependents_is_refused_in_the_model()
    {
        var builder = new ModelBuilder();
        builder.Entity<Board>().HasMany(b => b.Cards).WithOne().HasForeignKey(c => c.BoardId);

        var error = Assert.Throws<CloneException>(() => builder.Entity<Card>().HasCloneFilter(c => c.Notes, n => n.Text != ""));
        Assert.Contains("'Card'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Notes'", error.Message, StringComparison.Ordinal);
    }
}

public sealed class SqliteModelFilterTests : ModelFilterTests
{
    protected override string Provider => "sqlite";
}

public sealed class PostgresModelFilterTests : ModelFilterTests
{
    protected override string Provider => "postgres";
}
