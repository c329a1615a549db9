using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Tests.Specification;

/// <summary>
/// CloneAndSaveAsync's direct save (the library's own inserts, not SaveChanges) against what SaveChanges writes for the
/// same copies: converters, TPH discriminators, shadow and composite keys, a self-reference, many-to-many links, a
/// store default read back; and the context and transactions afterwards, on success and on failure.
/// </summary>
public abstract class DirectSaveSpecification : TwoDatabases<BoardContext>
{
    protected override BoardContext Open(TestDatabase database) => new(database.Options<BoardContext>());

    protected override Task SeedAsync(BoardContext db) => BoardContext.SeedAsync(db);

    [Fact]
    public async Task Writes_the_rows_SaveChanges_writes()
    {
        await using var db = Open(Tested);
        var board = await db.Boards.SingleAsync();
        var result = await db.CloneAndSaveAsync(board, o => o.Aggregate().MapAllRows());
        Assert.Contains(db.Commands, c => c.Contains("), (", StringComparison.Ordinal));

        await using var ef = Open(EfSaved);
        var efBoard = await ef.Boards.SingleAsync();
        await ef.CloneAsync(efBoard, o => o.Aggregate());
        await ef.SaveChangesAsync();

        await AssertSameRowsAsync();
        await using var check = Open(Tested);
        await RowSnapshot.AssertNoReferenceIntoOriginalsAsync(check, result);
        var copy = await check.Boards.Include(b => b.Cards).ThenInclude(c => c.Labels).Include(b => b.Cards).ThenInclude(c => c.Notes).SingleAsync(b => b.Id == result.Copy.Id);
        Assert.Equal(BoardPriority.High, copy.Priority);
        Assert.Equal(new Money(12.34m), copy.Budget);
        Assert.Equal(3, copy.Cards.OfType<UrgentCard>().Count());
        Assert.Equal(12, copy.Cards.SelectMany(c => c.Notes).Count());
        Assert.All(copy.Cards, c => Assert.Single(c.Labels));
        Assert.Equal(4, copy.Cards.Count(c => check.Entry(c).Property<int?>("ParentId").CurrentValue is not null));
        Assert.All(copy.Cards.Where(c => c.Parent is not null), c => Assert.Equal(copy.Id, c.Parent!.BoardId));
    }

    [Fact]
    public async Task Leaves_the_copies_unchanged_with_their_real_keys_and_nothing_to_save()
    {
        await using var db = Open(Tested);
        var board = await db.Boards.SingleAsync();
        var result = await db.CloneAndSaveAsync(board, o => o.Aggregate());

        var copy = result.Copy;
        Assert.True(copy.Id > board.Id);
        Assert.False(db.ChangeTracker.HasChanges());
        var copies = db.ChangeTracker.Entries().Where(e => e.Entity is not Label && !ReferenceEquals(e.Entity, board)).ToList();
        Assert.Equal(1 + 6 + 12 + 6, copies.Count);
        Assert.All(copies, e => Assert.Equal(EntityState.Unchanged, e.State));
        Assert.All(copies, e => Assert.DoesNotContain(e.Properties, p => p.IsTemporary || p.IsModified));
        Assert.All(copy.Cards, c => Assert.Equal(copy.Id, c.BoardId));
        Assert.Equal(0, await db.SaveChangesAsync());

        await using var check = Open(Tested);
        var stored = await check.Boards.Include(b => b.Cards).SingleAsync(b => b.Id == copy.Id);
        Assert.Equal(stored.CreatedAt, copy.CreatedAt);
        Assert.NotEqual(default, copy.CreatedAt);
        Assert.Equal(stored.Cards.Select(c => c.Id).Order(), copy.Cards.Select(c => c.Id).Order());
        foreach (var card in copy.Cards)
        {
            Assert.Equal(check.Entry(stored.Cards.Single(c => c.Id == card.Id)).Property<int?>("ParentId").CurrentValue, db.Entry(card).Property<int?>("ParentId").CurrentValue);
        }

        // The copies are ordinary tracked entities: an edit saves as an update of the copy.
        copy.Cards[0].Title = "edited";
        Assert.Equal(1, await db.SaveChangesAsync());
    }

    [Fact]
    public async Task Inside_the_callers_transaction_commits_and_rolls_back_with_it()
    {
        await using var db = Open(Tested);
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            db.Labels.Add(new Label { Name = "mine" });
            await db.SaveChangesAsync();
            await db.CloneAndSaveAsync(await db.Boards.OrderBy(b => b.Id).FirstAsync(), o => o.Aggregate());
            await transaction.RollbackAsync();
        }

        await using (var check = Open(Tested))
        {
            Assert.Equal(1, await check.Boards.CountAsync());
            Assert.Equal(2, await check.Labels.CountAsync());
        }

        db.ChangeTracker.Clear();
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            db.Labels.Add(new Label { Name = "mine" });
            await db.SaveChangesAsync();
            await db.CloneAndSaveAsync(await db.Boards.OrderBy(b => b.Id).FirstAsync(), o => o.Aggregate());
            await transaction.CommitAsync();
        }

        await using var after = Open(Tested);
        Assert.Equal(2, await after.Boards.CountAsync());
        Assert.Equal(12, await after.Cards.CountAsync());
        Assert.Equal(3, await after.Labels.CountAsync());
    }

    [Fact]
    public async Task A_failing_insert_leaves_database_transaction_and_context_as_they_were()
    {
        await using var db = Open(Tested);
        await using var transaction = await db.Database.BeginTransactionAsync();
        db.Labels.Add(new Label { Name = "mine" });
        await db.SaveChangesAsync();
        var board = await db.Boards.SingleAsync();
        var tracked = db.ChangeTracker.Entries().Select(e => (e.Entity, e.State)).ToList();

        // The notes go in after the boards and cards: their check constraint fails the clone midway.
        var error = await Assert.ThrowsAsync<DbUpdateException>(() => db.CloneAndSaveAsync(board, o => o.Aggregate().Entity<CardNote>(n => n.Set(x => x.Text, new string('x', 50)))));
        Assert.IsAssignableFrom<System.Data.Common.DbException>(error.InnerException);

        Assert.Equal(tracked, db.ChangeTracker.Entries().Select(e => (e.Entity, e.State)).ToList());
        Assert.False(db.ChangeTracker.HasChanges());
        await transaction.CommitAsync();

        await using var check = Open(Tested);
        Assert.Equal(1, await check.Boards.CountAsync());
        Assert.Equal(6, await check.Cards.CountAsync());
        Assert.Equal(3, await check.Labels.CountAsync());
        Assert.Equal(0, await check.Cards.CountAsync(c => c.Title == "edited"));
    }
}

public sealed class SqliteDirectSaveSpecification : DirectSaveSpecification
{
    protected override string Provider => "sqlite";
}

public sealed class PostgresDirectSaveSpecification : DirectSaveSpecification
{
    protected override string Provider => "postgres";
}
