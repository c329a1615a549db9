using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Tests.Specification;

/// <summary>
/// The clone contract (DESIGN.md §1) as scenarios: each runs on SQLite and on PostgreSQL, through object mode and
/// through set mode, and checks what a user would check in the database afterwards.
/// </summary>
public abstract class CloneSpecification : CatalogTest
{
    protected abstract CloneEngine Engine { get; }

    protected async Task<CloneResult> CloneStoreAsync(int id, Action<CloneOptionsBuilder<Store>>? configure = null)
    {
        await using var db = Database.Catalog();
        var store = await db.Stores.SingleAsync(s => s.Id == id);
        return await Engine.CloneAsync(db, store, configure);
    }

    protected async Task<int> CopyIdAsync(CloneResult result) => Convert.ToInt32(result.Roots.Single().CopyKey);

    protected async Task<Dictionary<string, int>> CountsAsync()
    {
        await using var db = Database.Catalog();
        return new Dictionary<string, int>
        {
            ["stores"] = await db.Stores.CountAsync(),
            ["products"] = await db.Products.CountAsync(),
            ["tags"] = await db.Tags.CountAsync(),
            ["productTags"] = await db.Set<Dictionary<string, object>>("ProductTag").CountAsync(),
            ["suppliers"] = await db.Set<Supplier>().CountAsync(),
            ["productSuppliers"] = await db.Set<ProductSupplier>().CountAsync(),
            ["folders"] = await db.Folders.CountAsync(),
            ["documents"] = await db.Documents.CountAsync(),
            ["pins"] = await db.Set<Pin>().CountAsync(),
            ["managers"] = await db.Set<Manager>().CountAsync(),
            ["categories"] = await db.Categories.CountAsync(),
            ["countries"] = await db.Countries.CountAsync(),
            ["editions"] = await db.Editions.CountAsync(),
            ["coupons"] = await db.Coupons.CountAsync(),
        };
    }

    [Fact]
    public async Task Aggregate_copies_every_part_with_new_keys_and_every_reference_inside_the_copy()
    {
        var id = await SeedAsync();
        var before = await CountsAsync();

        var result = await CloneStoreAsync(id, o => o.Aggregate());

        var copyId = await CopyIdAsync(result);
        Assert.NotEqual(id, copyId);
        var after = await CountsAsync();
        Assert.Equal(before["stores"] + 1, after["stores"]);
        Assert.Equal(before["products"] + 4, after["products"]);
        Assert.Equal(before["tags"], after["tags"]);
        Assert.Equal(before["productTags"] + 4, after["productTags"]);
        Assert.Equal(before["suppliers"], after["suppliers"]);
        Assert.Equal(before["productSuppliers"] + 4, after["productSuppliers"]);
        Assert.Equal(before["folders"] + 3, after["folders"]);
        Assert.Equal(before["documents"] + 1, after["documents"]);
        Assert.Equal(before["pins"] + 1, after["pins"]);
        Assert.Equal(before["managers"] + 1, after["managers"]);
        Assert.Equal(before["categories"], after["categories"]);

        await using var db = Database.Catalog();
        var original = await db.Stores.Include(s => s.Hours).SingleAsync(s => s.Id == id);
        var copy = await db.Stores.Include(s => s.Hours).Include(s => s.Manager).Include(s => s.Products).ThenInclude(p => p.Tags)
            .Include(s => s.Products).ThenInclude(p => p.Suppliers).Include(s => s.Folders).ThenInclude(f => f.Documents).ThenInclude(d => d.Pins)
            .AsSplitQuery().SingleAsync(s => s.Id == copyId);

        // Values: unique strings suffixed (slug style for the slug), everything else as the original, owned and complex types by value.
        Assert.Equal("Apollo (copy)", copy.Name);
        Assert.Equal("apollo-copy", copy.Slug);
        Assert.Equal(original.Motto, copy.Motto);
        Assert.Equal([1, 2, 3], copy.Logo);
        Assert.Equal(["books", "maps"], copy.Keywords);
        Assert.Equal("Paris", copy.Address.City);
        Assert.Equal(["Mon", "Tue"], copy.Hours.Select(h => h.Day).Order());
        Assert.Equal("dark", copy.Settings.Theme);
        Assert.Equal("FR76 0000", copy.Billing.Iban);
        Assert.Equal(["a", "b"], copy.Settings.Flags);
        Assert.Equal(48.85, copy.Location.Latitude);
        Assert.Equal(original.CategoryId, copy.CategoryId);
        Assert.Equal("Ada", copy.Manager!.Name);

        // References: children point at the copy; links and payload kept; shared principals shared.
        Assert.All(copy.Products, p => Assert.Equal(copyId, p.StoreId));
        Assert.All(copy.Products, p => Assert.Single(p.Tags));
        Assert.Equal(["Acme", "Acme", "Globex", "Globex"], copy.Products.SelectMany(p => p.Suppliers).Select(s => db.Set<Supplier>().Single(x => x.Id == s.SupplierId).Name).Order());
        Assert.Equal([5m, 6m, 7m, 8m], copy.Products.SelectMany(p => p.Suppliers).Select(s => s.UnitCost).Order());
        var folderIds = copy.Folders.Select(f => f.Id).ToHashSet();
        Assert.Equal(2, copy.Folders.Count(f => f.ParentId is not null && folderIds.Contains(f.ParentId.Value)));
        var document = copy.Folders.SelectMany(f => f.Documents).Single();
        Assert.Contains(document.FolderId, folderIds);
        var pin = await db.Set<Pin>().SingleAsync(p => folderIds.Contains(p.FolderId));
        Assert.Equal(document.Id, pin.DocumentId);

        // The original is untouched.
        Assert.Equal("Apollo", original.Name);
        Assert.Equal(4, await db.Products.CountAsync(p => p.StoreId == id));
        Assert.Equal(3, await db.Folders.CountAsync(f => f.StoreId == id));
    }

    [Fact]
    public async Task Plain_clone_copies_the_row_with_its_owned_data_and_shares_principals()
    {
        var id = await SeedAsync();
        var before = await CountsAsync();

        var result = await CloneStoreAsync(id);

        var after = await CountsAsync();
        Assert.Equal(before["stores"] + 1, after["stores"]);
        foreach (var table in new[] { "products", "productTags", "folders", "documents", "pins", "managers", "categories" })
        {
            Assert.Equal(before[table], after[table]);
        }

        await using var db = Database.Catalog();
        var copyId = await CopyIdAsync(result);
        var copy = await db.Stores.Include(s => s.Hours).SingleAsync(s => s.Id == copyId);
        Assert.Equal(2, copy.Hours.Count);
        Assert.Equal("Paris", copy.Address.City);
        Assert.Equal(1, result.Tables["Stores"]);
        Assert.Equal(2, result.Tables["StoreHours"]);
        Assert.Equal(1, result.Tables["StoreBilling"]);
        Assert.Equal("FR76 0000", copy.Billing.Iban);
    }

    [Fact]
    public async Task Include_and_ThenInclude_clone_only_the_named_navigations()
    {
        var id = await SeedAsync();
        var before = await CountsAsync();

        await CloneStoreAsync(id, o => o.Include(s => s.Products).ThenInclude(p => p.Suppliers));

        var after = await CountsAsync();
        Assert.Equal(before["products"] + 4, after["products"]);
        Assert.Equal(before["productSuppliers"] + 4, after["productSuppliers"]);
        Assert.Equal(before["productTags"], after["productTags"]);
        Assert.Equal(before["folders"], after["folders"]);
    }

    [Fact]
    public async Task Skip_and_Link_adjust_the_aggregate()
    {
        var id = await SeedAsync();
        var before = await CountsAsync();

        await CloneStoreAsync(id, o => o.Aggregate().Skip(s => s.Folders).Entity<Product>(p => p.Skip(x => x.Tags)));

        var after = await CountsAsync();
        Assert.Equal(before["folders"], after["folders"]);
        Assert.Equal(before["documents"], after["documents"]);
        Assert.Equal(before["productTags"], after["productTags"]);
        Assert.Equal(before["products"] + 4, after["products"]);

        await CloneStoreAsync(id, o => o.Include(s => s.Products).Entity<Product>(p => p.Link(x => x.Tags)));
        Assert.Equal(before["productTags"] + 4, (await CountsAsync())["productTags"]);
    }

    [Fact]
    public async Task Set_and_Reset_give_copies_the_values_asked_for()
    {
        var id = await SeedAsync();

        var result = await CloneStoreAsync(id, o => o.Set(s => s.Name, "Gemini").Set(s => s.Slug, "gemini").Reset(s => s.Motto));

        await using var db = Database.Catalog();
        var copy = await db.Stores.SingleAsync(s => s.Id == Convert.ToInt32(result.Roots.Single().CopyKey));
        Assert.Equal("Gemini", copy.Name);
        Assert.Equal("gemini", copy.Slug);
        Assert.Null(copy.Motto);
    }

    [Fact]
    public async Task Unique_values_get_numbered_suffixes_within_the_column_length()
    {
        var id = await SeedAsync();
        var longId = await SeedAsync("ABCDEFGHIJKLMNOPQRST");

        var first = await CloneStoreAsync(id);
        var second = await CloneStoreAsync(id);
        var truncated = await CloneStoreAsync(longId);

        await using var db = Database.Catalog();
        async Task<Store> Copy(CloneResult r) => await db.Stores.SingleAsync(s => s.Id == Convert.ToInt32(r.Roots.Single().CopyKey));
        Assert.Equal("Apollo (copy)", (await Copy(first)).Name);
        Assert.Equal("Apollo (copy 2)", (await Copy(second)).Name);
        Assert.Equal("apollo-copy-2", (await Copy(second)).Slug);
        Assert.Equal("ABCDEFGHIJKLM (copy)", (await Copy(truncated)).Name);
        Assert.Equal("abcdefghijklmnopqrst-copy", (await Copy(truncated)).Slug);
    }

    [Fact]
    public async Task Natural_key_without_a_supplied_value_is_refused_and_nothing_is_written()
    {
        await using (var seed = Database.Catalog())
        {
            seed.Add(new Country { Code = "FR", Name = "France" });
            await seed.SaveChangesAsync();
        }

        await using var db = Database.Catalog();
        var france = await db.Countries.SingleAsync();
        var error = await Assert.ThrowsAsync<CloneException>(() => Engine.CloneAsync(db, france));
        Assert.Contains("Cannot clone 'Country': its key (Code) is not generated by the database", error.Message);
        Assert.Equal(1, await db.Countries.CountAsync());

        await Engine.CloneAsync(db, france, o => o.Set(c => c.Code, "FX"));
        Assert.Equal(["FR", "FX"], await db.Countries.Select(c => c.Code).OrderBy(c => c).ToListAsync());
    }

    [Fact]
    public async Task Composite_key_without_a_supplied_value_is_refused_and_nothing_is_written()
    {
        await using (var seed = Database.Catalog())
        {
            seed.Add(new Edition { BookId = 1, Number = 1, Title = "First" });
            await seed.SaveChangesAsync();
        }

        await using var db = Database.Catalog();
        var edition = await db.Editions.SingleAsync();
        var error = await Assert.ThrowsAsync<CloneException>(() => Engine.CloneAsync(db, edition));
        Assert.Contains("Cannot clone 'Edition': its key (BookId, Number)", error.Message);
        Assert.Equal(1, await db.Editions.CountAsync());

        await Engine.CloneAsync(db, edition, o => o.Set(e => e.Number, 2));
        Assert.Equal(2, await db.Editions.CountAsync(e => e.BookId == 1));
    }

    [Fact]
    public async Task Unique_index_over_a_number_is_refused_unless_a_value_is_supplied()
    {
        await using (var seed = Database.Catalog())
        {
            seed.Add(new Coupon { Serial = 7 });
            await seed.SaveChangesAsync();
        }

        await using var db = Database.Catalog();
        var coupon = await db.Coupons.SingleAsync();
        var error = await Assert.ThrowsAsync<CloneException>(() => Engine.CloneAsync(db, coupon));
        Assert.Contains("The unique index 'IX_Coupons_Serial' on 'Coupon' covers Serial (Int32)", error.Message);
        Assert.Equal(1, await db.Coupons.CountAsync());

        await Engine.CloneAsync(db, coupon, o => o.Set(c => c.Serial, 8));
        Assert.Equal([7, 8], await db.Coupons.Select(c => c.Serial).OrderBy(s => s).ToListAsync());
    }

    [Fact]
    public async Task Bad_options_name_what_is_at_fault_and_write_nothing()
    {
        var id = await SeedAsync();
        var before = await CountsAsync();

        var skipRequired = await Assert.ThrowsAsync<CloneException>(() => CloneStoreAsync(id, o => o.Include(s => s.Products).Entity<Product>(p => p.Skip(x => x.Store))));
        Assert.Contains("The navigation 'Product.Store' cannot be skipped", skipRequired.Message);

        var property = await Assert.ThrowsAsync<CloneException>(() => CloneStoreAsync(id, o => o.Include(s => s.Name)));
        Assert.Contains("'Store.Name' is a property, not a navigation", property.Message);

        var link = await Assert.ThrowsAsync<CloneException>(() => CloneStoreAsync(id, o => o.Link(s => s.Products)));
        Assert.Contains("Link applies to many-to-many navigations; 'Store.Products' is not one", link.Message);

        var unmapped = await Assert.ThrowsAsync<CloneException>(() => CloneStoreAsync(id, o => o.Entity<UnmappedThing>(u => u.Skip(x => x.Other))));
        Assert.Contains("The type 'UnmappedThing' is not an entity type of the model", unmapped.Message);

        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Result_reports_rows_per_table_and_the_key_mapping()
    {
        var id = await SeedAsync();

        var result = await CloneStoreAsync(id, o => o.Aggregate().MapAllRows());

        Assert.Equal(1, result.Tables["Stores"]);
        Assert.Equal(4, result.Tables["Products"]);
        Assert.Equal(3, result.Tables["Folders"]);
        Assert.Equal(4, result.Tables["ProductTag"]);
        Assert.Equal(id, Convert.ToInt32(result.Roots.Single().OriginalKey));
        Assert.NotNull(result.Rows);
        Assert.Equal(4, result.Rows!.Count(r => r.Entity == "Product"));
        await using var db = Database.Catalog();
        foreach (var mapping in result.Rows!.Where(r => r.Entity == "Product"))
        {
            var copy = await db.Products.SingleAsync(p => p.Id == Convert.ToInt64(mapping.CopyKey));
            var original = await db.Products.SingleAsync(p => p.Id == Convert.ToInt64(mapping.OriginalKey));
            Assert.Equal(original.Title, copy.Title);
        }
    }

    public sealed class UnmappedThing
    {
        public UnmappedThing? Other { get; set; }
    }
}

public sealed class ObjectModeSqliteSpecification : CloneSpecification
{
    protected override string Provider => "sqlite";

    protected override CloneEngine Engine => CloneEngine.Objects;
}

public sealed class ObjectModePostgresSpecification : CloneSpecification
{
    protected override string Provider => "postgres";

    protected override CloneEngine Engine => CloneEngine.Objects;
}

public sealed class SetModeSqliteSpecification : CloneSpecification
{
    protected override string Provider => "sqlite";

    protected override CloneEngine Engine => CloneEngine.Sets;
}

public sealed class SetModePostgresSpecification : CloneSpecification
{
    protected override string Provider => "postgres";

    protected override CloneEngine Engine => CloneEngine.Sets;
}
