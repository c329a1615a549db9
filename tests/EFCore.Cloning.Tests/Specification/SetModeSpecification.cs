using EFCore.Cloning.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Tests.Specification;

/// <summary>What only set mode does: many roots and many copies at once, the caller's transaction, cancellation.</summary>
public abstract class SetModeSpecification : CatalogTest
{
    [Fact]
    public async Task Copies_of_every_root_the_query_selects_get_distinct_unique_values()
    {
        await using (var seed = Database.Catalog())
        {
            await CatalogContext.SeedStoreAsync(seed, "Apollo");
            await CatalogContext.SeedStoreAsync(seed, "Gemini");
        }

        await using var db = Database.Catalog();
        var reports = new List<CloneProgress>();
        var result = await db.Stores.ExecuteCloneAsync(o => o.Aggregate().Copies(3).ReportProgress(new Recorder(reports)));

        // Progress: one report per table, the running total reaching the whole operation's rows.
        Assert.Equal(result.Tables.Count, reports.Count);
        Assert.Equal(result.TotalRows, reports[^1].RowsDone);
        Assert.Equal(result.TotalRows, reports[^1].RowsTotal);
        Assert.All(reports, r => Assert.Equal(result.Tables[r.Table], r.TableRows));
        Assert.Equal(6, result.Roots.Count);
        Assert.All(result.Roots, r => Assert.IsType<int>(r.CopyKey));
        Assert.Equal([1, 1, 2, 2, 3, 3], result.Roots.Select(r => r.CopyNumber).Order());
        Assert.Equal(
            ["Apollo", "Apollo (copy 2)", "Apollo (copy 3)", "Apollo (copy)", "Gemini", "Gemini (copy 2)", "Gemini (copy 3)", "Gemini (copy)"],
            await db.Stores.Select(s => s.Name).OrderBy(n => n).ToListAsync());
        Assert.Equal(32, await db.Products.CountAsync());
        Assert.Equal(24, await db.Folders.CountAsync());
        foreach (var store in await db.Stores.Include(s => s.Folders).ToListAsync())
        {
            var ids = store.Folders.Select(f => f.Id).ToHashSet();
            Assert.Equal(2, store.Folders.Count(f => f.ParentId is not null && ids.Contains(f.ParentId.Value)));
        }
    }

    [Fact]
    public async Task Values_computed_from_the_original_are_translated_by_EF_and_computed_inside_the_database()
    {
        await using (var seed = Database.Catalog())
        {
            await CatalogContext.SeedStoreAsync(seed);
        }

        await using var db = Database.Catalog();
        await db.Stores.ExecuteCloneAsync(o => o.Set(s => s.Name, s => s.Name + "!"));
        Assert.Equal(["Apollo", "Apollo!"], await db.Stores.OrderBy(s => s.Id).Select(s => s.Name).ToListAsync());
    }

    [Fact]
    public async Task The_callers_transaction_is_used_and_its_rollback_leaves_nothing()
    {
        await using (var seed = Database.Catalog())
        {
            await CatalogContext.SeedStoreAsync(seed);
        }

        await using var db = Database.Catalog();
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            var result = await db.Stores.ExecuteCloneAsync(o => o.Aggregate());
            Assert.Equal(2, await db.Stores.CountAsync());
            await transaction.RollbackAsync();
        }

        Assert.Equal(1, await db.Stores.CountAsync());
        Assert.Equal(4, await db.Products.CountAsync());
    }

    [Fact]
    public async Task Cancellation_leaves_the_database_as_it_was()
    {
        await using (var seed = Database.Catalog())
        {
            await CatalogContext.SeedStoreAsync(seed);
        }

        await using var db = Database.Catalog();
        using var cancellation = new CancellationTokenSource();
        var progress = new CancelAfterFirstTable(cancellation);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => db.Stores.ExecuteCloneAsync(o => o.Aggregate().ReportProgress(progress), cancellation.Token));
        Assert.True(progress.Reports >= 1);
        Assert.Equal(1, await db.Stores.CountAsync());
        Assert.Equal(4, await db.Products.CountAsync());
        Assert.Equal(3, await db.Folders.CountAsync());
    }

    [Fact]
    public async Task An_entity_mapped_to_a_view_is_refused_with_a_pointer_to_object_mode()
    {
        await using (var seed = Database.Catalog())
        {
            await CatalogContext.SeedStoreAsync(seed);
            await seed.Database.ExecuteSqlRawAsync("CREATE VIEW \"StoreNames\" AS SELECT \"Id\", \"Name\" FROM \"Stores\"");
        }

        await using var db = new ViewContext(Database.Options<ViewContext>());
        var error = await Assert.ThrowsAsync<CloneException>(() => db.Set<StoreName>().ExecuteCloneAsync());
        Assert.Contains("Set mode cannot copy 'StoreName': it is mapped to the view 'StoreNames', which cannot take inserts. Use object mode", error.Message);
        Assert.Equal(1, await db.Set<StoreName>().CountAsync());
    }

    public sealed class StoreName
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";
    }

    public sealed class ViewContext(Microsoft.EntityFrameworkCore.DbContextOptions options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<StoreName>().ToView("StoreNames").HasKey(s => s.Id);
    }

    private sealed class Recorder(List<CloneProgress> reports) : IProgress<CloneProgress>
    {
        public void Report(CloneProgress value) => reports.Add(value);
    }

    private sealed class CancelAfterFirstTable(CancellationTokenSource cancellation) : IProgress<CloneProgress>
    {
        public int Reports { get; private set; }

        public void Report(CloneProgress value)
        {
            Reports++;
            cancellation.Cancel();
        }
    }
}

public sealed class SetModeOnlySqliteSpecification : SetModeSpecification
{
    protected override string Provider => "sqlite";
}

public sealed class SetModeOnlyPostgresSpecification : SetModeSpecification
{
    protected override string Provider => "postgres";
}
