using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Tests.Specification;

/// <summary>What only object mode does: copies as entities, hooks, values computed from the original, tracked state.</summary>
public abstract class ObjectModeSpecification : CatalogTest
{
    [Fact]
    public async Task Copy_shares_no_mutable_state_with_its_original()
    {
        var id = await SeedAsync();
        await using var db = Database.Catalog();
        var original = await db.Stores.Include(s => s.Hours).SingleAsync(s => s.Id == id);

        var copy = await db.CloneAsync(original);

        Assert.Equal(EntityState.Added, db.Entry(copy).State);
        Assert.NotSame(original.Logo, copy.Logo);
        Assert.NotSame(original.Keywords, copy.Keywords);
        Assert.NotSame(original.Address, copy.Address);
        Assert.NotSame(original.Hours, copy.Hours);
        Assert.All(copy.Hours, h => Assert.DoesNotContain(h, original.Hours));
        Assert.NotSame(original.Settings, copy.Settings);
        Assert.NotSame(original.Settings.Flags, copy.Settings.Flags);
        Assert.NotSame(original.Location, copy.Location);

        copy.Logo[0] = 99;
        copy.Keywords.Add("more");
        copy.Address.City = "Lyon";
        copy.Hours[0].Opens = 7;
        copy.Settings.Flags.Add("c");
        copy.Location.Latitude = 0;
        Assert.Equal([1, 2, 3], original.Logo);
        Assert.Equal(["books", "maps"], original.Keywords);
        Assert.Equal("Paris", original.Address.City);
        Assert.Equal(9, original.Hours.Single(h => h.Day == copy.Hours[0].Day).Opens);
        Assert.Equal(["a", "b"], original.Settings.Flags);
        Assert.Equal(48.85, original.Location.Latitude);

        await db.SaveChangesAsync();
        await using var check = Database.Catalog();
        Assert.Equal("Lyon", (await check.Stores.SingleAsync(s => s.Id == copy.Id)).Address.City);
        Assert.Equal("Paris", (await check.Stores.SingleAsync(s => s.Id == id)).Address.City);
    }

    [Fact]
    public async Task Tracked_original_keeps_its_state_and_an_update_is_never_issued()
    {
        var id = await SeedAsync();
        await using var db = Database.Catalog();
        var original = await db.Stores.SingleAsync(s => s.Id == id);

        var result = await db.CloneAndSaveAsync(original, o => o.Aggregate());

        Assert.Equal(EntityState.Unchanged, db.Entry(original).State);
        Assert.DoesNotContain(db.Entry(original).Properties, p => p.IsModified);
        Assert.Equal("Apollo", original.Name);
        Assert.NotEqual(original.Id, result.Copy.Id);
        Assert.Equal(EntityState.Unchanged, db.Entry(result.Copy).State);
        await using var check = Database.Catalog();
        Assert.Equal(2, await check.Stores.CountAsync());
    }

    [Fact]
    public async Task Entity_from_another_context_or_detached_is_cloned_from_its_values()
    {
        var id = await SeedAsync();
        Store detached;
        await using (var other = Database.Catalog())
        {
            detached = await other.Stores.AsNoTracking().SingleAsync(s => s.Id == id);
        }

        detached.Motto = "edited in memory";
        await using var db = Database.Catalog();
        var result = await db.CloneAndSaveAsync(detached, o => o.Include(s => s.Products));

        Assert.Equal("edited in memory", result.Copy.Motto);
        Assert.Equal(4, await db.Products.CountAsync(p => p.StoreId == result.Copy.Id));
        Assert.Equal(EntityState.Detached, db.Entry(detached).State);
    }

    [Fact]
    public async Task Entity_that_is_not_saved_yet_is_refused()
    {
        await using var db = Database.Catalog();
        var fresh = new Store { Name = "New", Slug = "new" };
        var error = await Assert.ThrowsAsync<CloneException>(() => db.CloneAsync(fresh));
        Assert.Contains("The 'Store' to clone is not saved yet", error.Message);

        db.Add(fresh);
        var added = await Assert.ThrowsAsync<CloneException>(() => db.CloneAsync(fresh));
        Assert.Contains("is not saved yet (it is tracked as Added)", added.Message);
    }

    [Fact]
    public async Task Values_can_be_computed_from_the_original()
    {
        var id = await SeedAsync();
        await using var db = Database.Catalog();
        var original = await db.Stores.SingleAsync(s => s.Id == id);

        var result = await db.CloneAndSaveAsync(original, o => o.Set(s => s.Name, s => s.Name + " II").Set(s => s.Slug, s => s.Slug + "-2"));

        Assert.Equal("Apollo II", result.Copy.Name);
        Assert.Equal("apollo-2", result.Copy.Slug);
    }

    [Fact]
    public async Task Model_configuration_and_hooks_apply_and_per_call_options_win()
    {
        int id;
        await using (var seed = await Database.EnsureCreatedAsync(Database.Configured))
        {
            id = await CatalogContext.SeedStoreAsync(seed);
        }

        await using var db = Database.Configured();
        var store = await db.Stores.SingleAsync(s => s.Id == id);

        // Model: folders skipped, motto reset; hooks see the original and the copy, and change the copy.
        var result = await db.CloneAndSaveAsync(store, o => o.Aggregate());
        Assert.Equal(3, await db.Folders.CountAsync());
        Assert.Null(result.Copy.Motto);
        Assert.Equal(["books", "maps", "copied from Apollo"], result.Copy.Keywords);
        Assert.Equal(["books", "maps"], store.Keywords);
        var copies = await db.Products.Where(p => p.StoreId == result.Copy.Id).ToListAsync();
        Assert.All(copies, p => Assert.EndsWith(" (copy)", p.Title));
        Assert.All(copies, p => Assert.Contains(ConfiguredCatalogContext.ClonedProducts, c => c.Copy == p.Id));

        // Per call: the options override the model.
        var second = await db.CloneAndSaveAsync(store, o => o.Aggregate().Include(s => s.Folders).Set(s => s.Motto, "kept"));
        Assert.Equal(6, await db.Folders.CountAsync());
        Assert.Equal("kept", second.Copy.Motto);
    }

    [Fact]
    public async Task Several_copies_at_once_are_a_set_mode_option()
    {
        var id = await SeedAsync();
        await using var db = Database.Catalog();
        var store = await db.Stores.SingleAsync(s => s.Id == id);
        var error = await Assert.ThrowsAsync<CloneException>(() => db.CloneAndSaveAsync(store, o => o.Copies(2)));
        Assert.Contains("Copies(2) is a set-mode option", error.Message);
        Assert.Equal(1, await db.Stores.CountAsync());
    }

    [Fact]
    public async Task Synchronous_clone_tracks_the_copy_as_added()
    {
        var id = await SeedAsync();
        await using var db = Database.Catalog();
        var store = db.Stores.Single(s => s.Id == id);
        var copy = db.Clone(store, o => o.Include(s => s.Products));
        Assert.Equal(EntityState.Added, db.Entry(copy).State);
        db.SaveChanges();
        Assert.Equal(8, db.Products.Count());
    }
}

public sealed class ObjectModeOnlySqliteSpecification : ObjectModeSpecification
{
    protected override string Provider => "sqlite";
}

public sealed class ObjectModeOnlyPostgresSpecification : ObjectModeSpecification
{
    protected override string Provider => "postgres";
}
