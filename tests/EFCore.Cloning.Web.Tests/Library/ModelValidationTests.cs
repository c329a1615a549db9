using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Web.Tests.Library;

/// <summary>Clone configuration mistakes fail when the model is built, naming the entity type and the member.</summary>
public sealed class ModelValidationTests
{
    public static TheoryData<string, string[]> Mistakes => new()
    {
        { "link-one-to-many", ["HasCloneStrategy(Link) on 'Board.Cards'", "many-to-many"] },
        { "share-collection", ["HasCloneStrategy(Share) on 'Board.Cards'", "dependent rows of 'Card'"] },
        { "share-skip-navigation", ["HasCloneStrategy(Share) on 'Card.Labels'", "many-to-many", "Use Link"] },
        { "suffix-on-int", ["HasCloneSuffix on 'Card.Position'", "Int32"] },
        { "reset-key", ["ResetOnClone on 'Board.Id'", "primary key"] },
        { "skip-required-reference", ["HasCloneStrategy(Skip) on 'Card.Board'", "required", "needs a 'Board'"] },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void A_mistake_fails_when_the_model_is_built_with_UseCloning(string mistake, string[] message)
    {
        using var db = Context(mistake, useCloning: true);

        var error = Assert.Throws<CloneException>(() => db.Model);

        foreach (var part in message)
        {
            Assert.Contains(part, error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("link-one-to-many")]
    [InlineData("share-collection")]
    [InlineData("share-skip-navigation")]
    [InlineData("suffix-on-int")]
    public void Mistakes_the_builder_can_see_fail_without_UseCloning_too(string mistake)
    {
        using var db = Context(mistake, useCloning: false);

        Assert.Throws<CloneException>(() => db.Model);
    }

    [Fact]
    public void A_correct_configuration_builds()
    {
        using var db = Context("none", useCloning: true);

        Assert.NotNull(db.Model.FindEntityType(typeof(Board)));
    }

    private static readonly Dictionary<string, Action<ModelBuilder>> Configurations = new()
    {
        ["none"] = m => m.Entity<Card>().Navigation(c => c.Labels).HasCloneStrategy(CloneStrategy.Link),
        ["link-one-to-many"] = m => m.Entity<Board>().Navigation(b => b.Cards).HasCloneStrategy(CloneStrategy.Link),
        ["share-collection"] = m => m.Entity<Board>().Navigation(b => b.Cards).HasCloneStrategy(CloneStrategy.Share),
        ["share-skip-navigation"] = m => m.Entity<Card>().Navigation(c => c.Labels).HasCloneStrategy(CloneStrategy.Share),
        ["suffix-on-int"] = m => m.Entity<Card>().Property(c => c.Position).HasCloneSuffix(CloneSuffix.Slug),
        ["reset-key"] = m => m.Entity<Board>().Property(b => b.Id).ResetOnClone(),
        ["skip-required-reference"] = m => m.Entity<Card>().Navigation(c => c.Board).HasCloneStrategy(CloneStrategy.Skip),
    };

    private static BoardContext Context(string mistake, bool useCloning)
        => new(BoardContext.Options(b =>
        {
            b.UseSqlite("Data Source=:memory:");
            if (useCloning)
            {
                b.UseCloning();
            }
        }), Configurations[mistake]);
}
