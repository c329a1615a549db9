using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace EFCore.Cloning.Web.Tests.Library;

// A small model for the library features the web app relies on (UseCloning, model validation, diagnostics, async hooks).

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

    public Board? Board { get; set; }

    public string Title { get; set; } = "";

    public int Position { get; set; }

    public List<Label> Labels { get; set; } = [];
}

public class Label
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public List<Card> Cards { get; set; } = [];
}

/// <summary>
/// The board model, with per-test configuration on top (<paramref name="configure"/>); each configuration gets a model of
/// its own, so that tests can build deliberately wrong ones.
/// </summary>
public sealed class BoardContext(DbContextOptions options, Action<ModelBuilder>? configure = null) : DbContext(options)
{
    public DbSet<Board> Boards => Set<Board>();

    public DbSet<Card> Cards => Set<Card>();

    public DbSet<Label> Labels => Set<Label>();

    public Action<ModelBuilder>? Configure { get; } = configure;

    /// <summary>Options on <paramref name="provider"/>, with a model cached per configuration delegate.</summary>
    public static DbContextOptions Options(Action<DbContextOptionsBuilder> provider)
    {
        var builder = new DbContextOptionsBuilder<BoardContext>();
        provider(builder);
        builder.ReplaceService<IModelCacheKeyFactory, PerConfigurationCacheKey>();
        return builder.Options;
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Board>().HasIndex(b => b.Name).IsUnique();
        Configure?.Invoke(modelBuilder);
    }

    private sealed class PerConfigurationCacheKey : IModelCacheKeyFactory
    {
        public object Create(DbContext context, bool designTime) => (context.GetType(), ((BoardContext)context).Configure, designTime);
    }
}
