using EFCore.Cloning.Tests.Specification;
using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Tests.Compatibility;

// deep_cloneable's block, preprocessor and postprocessor (model hooks here), what happens to many-to-many links
// between two cloned ends, and one subclass per database and engine.
public abstract partial class DeepCloneableSpecification
{
    // test_should_deep_clone_with_block, test_should_deep_clone_with_preprocessor, test_should_deep_clone_with_postprocessor
    [Fact]
    public async Task A_hook_sees_each_original_and_its_copy()
    {
        await using var db = new HookedPirateContext(Database.Options<HookedPirateContext>());
        var jack = await db.Pirates.SingleAsync(p => p.Name == "Jack Sparrow");
        var polly = await db.Parrots.SingleAsync();
        if (IsSetMode)
        {
            await AssertSetModeRefusesAsync(() => Engine.CloneAsync(db, jack, o => o.Include(p => p.Parrot)), "Pirates", "Pirate");
            return;
        }

        var result = await db.CloneAndSaveAsync(jack, o => o.Include(p => p.Parrot));

        Assert.Equal(jack.Id, result.Copy.ClonedFromId);
        Assert.Equal(polly.Id, result.Copy.Parrot!.ClonedFromId);
        Assert.NotEqual(polly.Id, result.Copy.Parrot.Id);
        Assert.Equal(1, await CountAsync("Parrots", $"\"PirateId\" = {result.Copy.Id}"));
    }

    // test_should_set_association_to_nil_if_conditionals_fail: the condition on the one root's ship, evaluated by the caller
    [Fact]
    public async Task A_condition_the_caller_evaluates_skips_an_optional_reference_to_null()
    {
        await using var db = Context();
        var jack = await db.Pirates.Include(p => p.Ship).SingleAsync(p => p.Name == "Jack Sparrow");

        var copy = CopyId(await Engine.CloneAsync(db, jack, o =>
        {
            if (jack.Ship!.Name == "Black Pearl")
            {
                o.Skip(p => p.Ship);
            }
            else
            {
                o.Include(p => p.Ship);
            }
        }));

        Assert.Null(await ValueAsync($"""SELECT "ShipId" FROM "Pirates" WHERE "Id" = {copy}"""));
        Assert.Equal(1, await CountAsync("BattleShips"));
    }

    // Object mode only: set mode's roots are rows of a query, and it tracks no entities.
    protected async Task RefuseUnsavedAsync()
    {
        await using var db = Context();
        var jack = new Pirate { Name = "Jack Sparrow", NickName = "Captain Jack", Age = "30", Mateys = [new Matey { Name = "John" }] };
        db.Add(jack);

        var error = await Assert.ThrowsAsync<CloneException>(() => db.CloneAsync(jack, o => o.Include(p => p.Mateys)));

        Assert.Contains("not saved yet", error.Message, StringComparison.Ordinal);
        Assert.Single(db.ChangeTracker.Entries<Pirate>());
    }

    protected async Task OriginalUnchangedAsync()
    {
        await using var db = Context();
        var jack = await db.Pirates.SingleAsync(p => p.Name == "Jack Sparrow");

        var copy = await db.CloneAsync(jack, o => o.Reset(p => p.Name));

        Assert.Null(copy.Name);
        Assert.Equal(EntityState.Added, db.Entry(copy).State);
        Assert.Equal(EntityState.Unchanged, db.Entry(jack).State);
        Assert.Equal("Jack Sparrow", jack.Name);
    }

    // test_should_find_in_dict_for_habtm
    [Fact]
    public async Task Where_both_ends_of_a_many_to_many_are_cloned_the_copies_are_linked_to_each_other()
    {
        var copy = CopyId(await CloneAsync(db => db.Buildings.SingleAsync(), o => o
            .Include(b => b.Apartments)
            .Include(b => b.Contractors)
            .Entity<Contractor>(c => c.Link(x => x.Apartments))));

        var apartment = await ValueAsync($"""SELECT "Id" FROM "Apartments" WHERE "BuildingId" = {copy}""");
        var contractor = await ValueAsync($"""SELECT "Id" FROM "Contractors" WHERE "BuildingId" = {copy}""");
        Assert.Equal([apartment], await ColumnAsync($"""SELECT "ApartmentsId" FROM "ApartmentContractor" WHERE "ContractorsId" = {contractor}"""));
        Assert.Equal(1, await CountAsync("ApartmentContractor", "\"ApartmentsId\" = (SELECT min(\"Id\") FROM \"Apartments\")"));
    }
}

public sealed class DeepCloneableObjectSqliteSpecification : DeepCloneableSpecification
{
    protected override string Provider => "sqlite";

    protected override CloneEngine Engine => CloneEngine.Objects;

    // test_should_deep_clone_unsaved_objects
    [Fact]
    public Task An_unsaved_entity_is_refused_with_a_clear_error() => RefuseUnsavedAsync();

    // test_should_not_make_attributes_dirty_for_exceptions
    [Fact]
    public Task The_original_stays_unchanged_and_the_copy_is_added() => OriginalUnchangedAsync();
}

public sealed class DeepCloneableSetSqliteSpecification : DeepCloneableSpecification
{
    protected override string Provider => "sqlite";

    protected override CloneEngine Engine => CloneEngine.Sets;
}

public sealed class DeepCloneableObjectPostgresSpecification : DeepCloneableSpecification
{
    protected override string Provider => "postgres";

    protected override CloneEngine Engine => CloneEngine.Objects;

    // test_should_deep_clone_unsaved_objects
    [Fact]
    public Task An_unsaved_entity_is_refused_with_a_clear_error() => RefuseUnsavedAsync();

    // test_should_not_make_attributes_dirty_for_exceptions
    [Fact]
    public Task The_original_stays_unchanged_and_the_copy_is_added() => OriginalUnchangedAsync();
}

public sealed class DeepCloneableSetPostgresSpecification : DeepCloneableSpecification
{
    protected override string Provider => "postgres";

    protected override CloneEngine Engine => CloneEngine.Sets;
}
