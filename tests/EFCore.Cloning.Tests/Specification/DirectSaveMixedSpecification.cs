using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Tests.Specification;

/// <summary>
/// CloneAndSaveAsync's direct save on a graph it writes only in part: TPT rows (two tables per copy) it inserts itself,
/// the owners of a JSON collection and their dependents it leaves to SaveChanges, which saves them after, pointing at the copies
/// inserted before; the rows, the context afterwards and a failure in the SaveChanges part.
/// </summary>
public abstract class DirectSaveMixedSpecification : TwoDatabases<ShelfContext>
{
    protected override ShelfContext Open(TestDatabase database) => new(database.Options<ShelfContext>());

    protected override Task SeedAsync(ShelfContext db) => ShelfContext.SeedAsync(db);

    [Fact]
    public async Task Writes_the_rows_SaveChanges_writes()
    {
        await using var db = Open(Tested);
        var result = await db.CloneAndSaveAsync(await db.Shelves.SingleAsync(), o => o.Aggregate().MapAllRows());

        // The TPT tables in multi-row statements of the library's own, the owners of JSON collections through EF.
        Assert.Contains(db.Commands, c => c.Contains("INSERT INTO \"Books\"", StringComparison.Ordinal) && c.Contains("), (", StringComparison.Ordinal));
        Assert.Contains(db.Commands, c => c.Contains("INSERT INTO \"Items\"", StringComparison.Ordinal) && c.Contains("), (", StringComparison.Ordinal));
        Assert.Contains(db.Commands, c => c.Contains("INSERT INTO \"Sheets\"", StringComparison.Ordinal) && c.Contains("\"Layout\"", StringComparison.Ordinal));

        await using var ef = Open(EfSaved);
        await ef.CloneAsync(await ef.Shelves.SingleAsync(), o => o.Aggregate());
        await ef.SaveChangesAsync();

        await AssertSameRowsAsync();
        await using var check = Open(Tested);
        await RowSnapshot.AssertNoReferenceIntoOriginalsAsync(check, result);
        var copy = await check.Shelves.Include(s => s.Items).ThenInclude(i => i.Reviews).Include(s => s.Sheets).ThenInclude(s => s.Cells)
            .SingleAsync(s => s.Id == result.Copy.Id);
        Assert.Equal(3, copy.Items.OfType<Book>().Count());
        Assert.Equal(["", "second", "second"], copy.Items.OfType<Book>().Select(b => b.Edition).Order());
        Assert.All(copy.Items, i => Assert.Single(i.Reviews));
        Assert.Equal(4, copy.Items.Count(i => i.ParentId is not null));
        Assert.All(copy.Items.Where(i => i.Parent is not null), i => Assert.Equal(copy.Id, i.Parent!.ShelfId));
        Assert.Equal([2, 3], copy.Sheets.OrderBy(s => s.Id).Select(s => s.Layout.Columns));
        Assert.All(copy.Sheets, s => Assert.Equal(2, s.Cells.Count));
    }

    [Fact]
    public async Task Leaves_every_copy_unchanged_with_its_real_key()
    {
        await using var db = Open(Tested);
        var shelf = await db.Shelves.SingleAsync();
        var result = await db.CloneAndSaveAsync(shelf, o => o.Aggregate());

        Assert.False(db.ChangeTracker.HasChanges());
        var copies = db.ChangeTracker.Entries().Where(e => !ReferenceEquals(e.Entity, shelf)).ToList();
        Assert.Equal(1 + 6 + 6 + 2 + 2 + 4 + 4, copies.Count);
        Assert.All(copies, e => Assert.Equal(EntityState.Unchanged, e.State));
        Assert.All(copies, e => Assert.DoesNotContain(e.Properties, p => p.IsTemporary || p.IsModified));
        Assert.Equal(0, await db.SaveChangesAsync());

        await using var check = Open(Tested);
        var stored = await check.Items.Where(i => i.ShelfId == result.Copy.Id).ToDictionaryAsync(i => i.Id);
        Assert.Equal(stored.Keys.Order(), result.Copy.Items.Select(i => i.Id).Order());
        Assert.All(result.Copy.Items, i => Assert.Equal(stored[i.Id].ParentId, i.ParentId));
        Assert.All(result.Copy.Sheets, s => Assert.All(s.Cells, c => Assert.Equal(s.Id, c.SheetId)));

        // Copies of both kinds are ordinary tracked entities: edits save as updates of the copies.
        result.Copy.Items.OfType<Book>().First().Pages = 7;
        result.Copy.Sheets[0].Layout.Columns = 9;
        Assert.Equal(2, await db.SaveChangesAsync());
        await using var after = Open(Tested);
        Assert.Equal(1, await after.Items.OfType<Book>().CountAsync(b => b.Pages == 7));
        Assert.Equal(9, (await after.Sheets.SingleAsync(s => s.Id == result.Copy.Sheets[0].Id)).Layout.Columns);
    }

    [Fact]
    public async Task A_failure_in_the_SaveChanges_part_leaves_database_transaction_and_context_as_they_were()
    {
        await using var db = Open(Tested);
        await using var transaction = await db.Database.BeginTransactionAsync();
        var shelf = await db.Shelves.SingleAsync();
        shelf.Name = "Renamed";
        await db.SaveChangesAsync();
        var tracked = db.ChangeTracker.Entries().Select(e => (e.Entity, e.State)).ToList();

        // The cells go in last, by SaveChanges, after the items the library inserted: their check constraint fails the clone there.
        var error = await Assert.ThrowsAsync<DbUpdateException>(() => db.CloneAndSaveAsync(shelf, o => o.Aggregate().Entity<SheetCell>(c => c.Set(x => x.Value, new string('x', 50)))));
        Assert.Contains(db.Commands, c => c.Contains("INSERT INTO \"Books\"", StringComparison.Ordinal));

        Assert.Equal(tracked, db.ChangeTracker.Entries().Select(e => (e.Entity, e.State)).ToList());
        Assert.False(db.ChangeTracker.HasChanges());
        await transaction.CommitAsync();

        await using var check = Open(Tested);
        Assert.Equal("Renamed", (await check.Shelves.SingleAsync()).Name);
        Assert.Equal(6, await check.Items.CountAsync());
        Assert.Equal(3, await check.Set<Book>().CountAsync());
        Assert.Equal(2, await check.Sheets.CountAsync());
        Assert.Equal(4, await check.Set<SheetCell>().CountAsync());
        Assert.NotNull(error.InnerException);
    }
}

public sealed class SqliteDirectSaveMixedSpecification : DirectSaveMixedSpecification
{
    protected override string Provider => "sqlite";
}

public sealed class PostgresDirectSaveMixedSpecification : DirectSaveMixedSpecification
{
    protected override string Provider => "postgres";
}
