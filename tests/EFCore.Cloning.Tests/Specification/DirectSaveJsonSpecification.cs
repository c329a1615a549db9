using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Tests.Specification;

/// <summary>
/// CloneAndSaveAsync's direct save of JSON columns (owned references mapped with <c>ToJson()</c>): the library writes
/// the documents itself, and every row (the JSON text included, byte for byte on SQLite) is what SaveChanges writes
/// for the same copies; the owned entries end Unchanged beside their owners; a failure leaves everything as it was.
/// </summary>
public abstract class DirectSaveJsonSpecification : TwoDatabases<FormContext>
{
    protected override FormContext Open(TestDatabase database) => new(database.Options<FormContext>());

    protected override Task SeedAsync(FormContext db) => FormContext.SeedAsync(db);

    [Fact]
    public async Task Writes_the_documents_SaveChanges_writes()
    {
        await using var db = Open(Tested);
        var results = new List<CloneResult<Form>>();
        foreach (var form in await db.Forms.OrderBy(f => f.Id).ToListAsync())
        {
            results.Add(await db.CloneAndSaveAsync(form, o => o.Aggregate().MapAllRows()));
        }

        // The fields' documents in the library's own multi-row statements, not EF's.
        Assert.Contains(db.Commands, c => c.Contains("INSERT INTO \"FormField\"", StringComparison.Ordinal) && c.Contains("\"Options\"", StringComparison.Ordinal) && c.Contains("), (", StringComparison.Ordinal));

        await using var ef = Open(EfSaved);
        foreach (var form in await ef.Forms.OrderBy(f => f.Id).ToListAsync())
        {
            await ef.CloneAsync(form, o => o.Aggregate());
        }

        await ef.SaveChangesAsync();

        await AssertSameRowsAsync();
        await using var check = Open(Tested);
        foreach (var result in results)
        {
            await RowSnapshot.AssertNoReferenceIntoOriginalsAsync(check, result);
        }

        var copies = await check.Forms.Include(f => f.Fields).Where(f => f.Title.Contains("copy")).OrderBy(f => f.Id).ToListAsync();
        Assert.Equal(3, copies.Count);
        Assert.Equal("Grün – \"quoted\" <b>&</b> ✓", copies[0].Settings!.Theme);
        Assert.Equal(FormKind.Quiz, copies[0].Settings!.Kind);
        Assert.Equal(["a", "b\"c"], copies[0].Settings!.Tags);
        Assert.Equal("#fff", copies[0].Settings!.Style!.Color);
        Assert.Null(copies[0].Settings!.Limit);
        Assert.Equal(3, check.Entry(copies[0].Settings!).Property<int>("Revision").CurrentValue);
        Assert.Equal(13.5m, copies[1].Settings!.Fee);
        Assert.Null(copies[1].Settings!.Style);
        Assert.Null(copies[2].Settings);
        Assert.All(copies, c => Assert.Equal([0, 1, 2], c.Fields.Select(f => f.Options.Order).Order()));
    }

    [Fact]
    public async Task Leaves_owners_and_owned_entries_unchanged_with_nothing_to_save()
    {
        await using var db = Open(Tested);
        var form = await db.Forms.OrderBy(f => f.Id).FirstAsync();
        var result = await db.CloneAndSaveAsync(form, o => o.Aggregate());

        Assert.False(db.ChangeTracker.HasChanges());
        var copies = db.ChangeTracker.Entries().Where(e => !ReferenceEquals(e.Entity, form) && !ReferenceEquals(e.Entity, form.Settings) && !ReferenceEquals(e.Entity, form.Settings!.Style)).ToList();
        Assert.Equal(1 + 1 + 1 + 3 + 3, copies.Count);
        Assert.All(copies, e => Assert.Equal(EntityState.Unchanged, e.State));
        Assert.All(copies, e => Assert.DoesNotContain(e.Properties, p => p.IsTemporary || p.IsModified));
        Assert.Equal(0, await db.SaveChangesAsync());

        // An edit inside a copy's document saves as an update of that copy only.
        result.Copy.Settings!.Style!.Color = "#000";
        result.Copy.Fields[0].Options.Order = 9;
        Assert.Equal(2, await db.SaveChangesAsync());
        await using var check = Open(Tested);
        Assert.Equal(["#000", "#fff"], (await check.Forms.Where(f => f.Settings!.Style != null).Select(f => f.Settings!.Style!.Color).ToListAsync()).Order());
        Assert.Equal(1, await check.Set<FormField>().CountAsync(f => f.Options.Order == 9 && f.FormId == result.Copy.Id));
    }

    [Fact]
    public async Task A_failure_after_the_documents_are_written_leaves_database_and_context_as_they_were()
    {
        await using var db = Open(Tested);
        var form = await db.Forms.OrderBy(f => f.Id).FirstAsync();
        var tracked = db.ChangeTracker.Entries().Select(e => (e.Entity, e.State)).ToList();

        // The form goes in first; its fields break the check constraint.
        await Assert.ThrowsAsync<DbUpdateException>(() => db.CloneAndSaveAsync(form, o => o.Aggregate().Entity<FormField>(f => f.Set(x => x.Label, new string('x', 50)))));

        Assert.Equal(tracked, db.ChangeTracker.Entries().Select(e => (e.Entity, e.State)).ToList());
        Assert.False(db.ChangeTracker.HasChanges());
        await using var check = Open(Tested);
        Assert.Equal(3, await check.Forms.CountAsync());
        Assert.Equal(9, await check.Set<FormField>().CountAsync());
    }
}

public sealed class SqliteDirectSaveJsonSpecification : DirectSaveJsonSpecification
{
    protected override string Provider => "sqlite";
}

public sealed class PostgresDirectSaveJsonSpecification : DirectSaveJsonSpecification
{
    protected override string Provider => "postgres";
}
