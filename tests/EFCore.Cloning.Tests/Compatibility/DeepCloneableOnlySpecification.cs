using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Tests.Compatibility;

/// <summary>
/// deep_cloneable's <c>only:</c> tests: include-only lists, on the root and on an included type. <c>Piastres</c> is a
/// required column without a default here (nullable in the peer's schema), so every list names it: a property a copy
/// cannot leave empty must be kept or set.
/// </summary>
public abstract partial class DeepCloneableSpecification
{
    // test_single_deep_clone_onliness
    [Fact]
    public async Task Only_one_attribute_keeps_it_and_gives_the_rest_their_defaults()
    {
        var copy = CopyId(await CloneJackAsync(o => o.Only(p => new { p.Name, p.Piastres })));

        Assert.Equal("Jack Sparrow", await PirateAsync("Name", copy));
        Assert.Equal("no nickname", await PirateAsync("NickName", copy));
        Assert.Null(await PirateAsync("Age", copy));
    }

    // test_multiple_deep_clone_onliness
    [Fact]
    public async Task Only_several_attributes_keeps_each()
    {
        var copy = CopyId(await CloneJackAsync(o => o.Only(p => new { p.Name, p.NickName, p.Piastres })));

        Assert.Equal("Jack Sparrow", await PirateAsync("Name", copy));
        Assert.Equal("Captain Jack", await PirateAsync("NickName", copy));
        Assert.Null(await PirateAsync("Age", copy));
    }

    // test_should_pass_nested_onlinesses, test_should_pass_nested_onliness_with_hash_value
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Only_for_an_included_type_applies_to_its_copies(bool alsoThePirate)
    {
        var copy = CopyId(await CloneJackAsync(o =>
        {
            o.Include(p => p.Parrot).Entity<Parrot>(e => e.Only(x => x.Name));
            if (alsoThePirate)
            {
                o.Only(p => new { p.Name, p.Piastres });
            }
        }));

        Assert.Equal("Polly", await ValueAsync($"""SELECT "Name" FROM "Parrots" WHERE "PirateId" = {copy}"""));
        Assert.Null(await ValueAsync($"""SELECT "Age" FROM "Parrots" WHERE "PirateId" = {copy}"""));
        Assert.Equal(alsoThePirate ? null : "30", await PirateAsync("Age", copy));
        Assert.Equal("2", await ValueAsync("""SELECT "Age" FROM "Parrots" WHERE "Name" = 'Polly' AND "PirateId" = (SELECT "Id" FROM "Pirates" WHERE "Name" = 'Jack Sparrow' ORDER BY "Id" LIMIT 1)"""));
    }
}
