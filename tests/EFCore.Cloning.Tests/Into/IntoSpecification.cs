using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Tests.Into;

/// <summary>
/// <c>Into(target)</c>: a book read from the source database is copied, with its chapters, into the target database,
/// through both engines and every pair of databases; the target's rows are checked with plain SQL.
/// </summary>
public abstract class IntoSpecification : IntoTest
{
    protected abstract bool ObjectMode { get; }

    private async Task<int> CloneIntoAsync(IntoContext source, IntoContext target, bool copyMissingPrincipals = false)
    {
        if (ObjectMode)
        {
            var book = await source.Books.SingleAsync(b => b.Id == BookId);
            var result = await source.CloneAndSaveAsync(book, o => o.Aggregate().Into(target, copyMissingPrincipals));
            Assert.Equal(EntityState.Unchanged, target.Entry(result.Copy).State);
            Assert.NotSame(book, result.Copy);
            return result.Copy.Id;
        }

        var id = BookId;
        var copied = await source.Books.Where(b => b.Id == id).ExecuteCloneAsync(o => o.Aggregate().Into(target, copyMissingPrincipals));
        return Convert.ToInt32(copied.Roots.Single().CopyKey, CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task The_aggregate_is_copied_with_its_values_and_never_mixed_with_the_target_rows()
    {
        await SeedTargetAsync();
        await using var source = Source();
        await using var target = Target();

        var copy = await CloneIntoAsync(source, target);

        Assert.NotEqual(BookId, copy);
        var row = (await TargetRowsAsync($"""
            SELECT "Title", "ExternalId", "PublishedAt", "Price", "InPrint", "Cover", "Style", "PublisherId" FROM "Books" WHERE "Id" = {copy}
            """)).Single();
        Assert.Equal("Dune", row[0]);
        Assert.Equal(ExternalId, Guid.Parse(Convert.ToString(row[1], CultureInfo.InvariantCulture)!));
        Assert.Equal(PublishedAt, ToUtc(row[2]));
        Assert.Equal(12.50m, Convert.ToDecimal(row[3], CultureInfo.InvariantCulture));
        Assert.True(Convert.ToBoolean(row[4], CultureInfo.InvariantCulture));
        Assert.Equal(Cover, (byte[])row[5]!);
        using (var style = JsonDocument.Parse((string)row[6]!))
        {
            Assert.Equal("Garamond", style.RootElement.GetProperty("Font").GetString());
            Assert.Equal(11, style.RootElement.GetProperty("Size").GetInt32());
        }

        Assert.Equal(2, Convert.ToInt32(row[7], CultureInfo.InvariantCulture));
        var chapters = await TargetRowsAsync($"""SELECT "Heading" FROM "Chapters" WHERE "BookId" = {copy} ORDER BY "Number" """);
        Assert.Equal(["Arrival", "Desert"], chapters.Select(r => (string)r[0]!));
        var own = await TargetRowsAsync("""SELECT "Heading" FROM "Chapters" WHERE "BookId" = 1""");
        Assert.Equal(["Target chapter"], own.Select(r => (string)r[0]!));
        Assert.Equal((2L, 1L, 1L, 3L), (await TargetCountAsync("Books"), await TargetCountAsync("Publishers"), await TargetCountAsync("Countries"), await TargetCountAsync("Chapters")));

        // EF on the target reads the copy as it wrote its own rows (GUIDs, dates, JSON in the target's forms).
        await using var check = Target();
        var read = await check.Books.AsNoTracking().SingleAsync(b => b.ExternalId == ExternalId);
        Assert.Equal((copy, 12.50m, "Garamond", PublishedAt), (read.Id, read.Price, read.Style.Font, read.PublishedAt.ToUniversalTime()));

        await AssertSourceUnchangedAsync();
        // The source tracks what it tracked (the book read, with its owned style), the target the copy only (object mode), Unchanged.
        Assert.Equal(ObjectMode ? ["Book", "BookStyle"] : [], source.ChangeTracker.Entries().Select(e => e.Metadata.ClrType.Name).Order());
        Assert.Equal(ObjectMode ? ["Book", "BookStyle"] : [], target.ChangeTracker.Entries().Select(e => e.Metadata.ClrType.Name).Order());
        Assert.All(source.ChangeTracker.Entries().Concat(target.ChangeTracker.Entries()), e => Assert.Equal(EntityState.Unchanged, e.State));
    }

    [Fact]
    public async Task A_missing_shared_principal_is_named_and_nothing_is_written()
    {
        await using var source = Source();
        await using var target = Target();

        var error = await Assert.ThrowsAsync<CloneException>(() => CloneIntoAsync(source, target));

        Assert.Contains("no 'Publisher' row with Id = 2, which the copied 'Book' rows point at (Book.Publisher)", error.Message, StringComparison.Ordinal);
        Assert.Contains($"no 'Imprint' row with Id = {ImprintId}", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("copyMissingPrincipals", error.Message, StringComparison.Ordinal);
        Assert.Equal((0L, 0L, 0L), (await TargetCountAsync("Books"), await TargetCountAsync("Chapters"), await TargetCountAsync("Publishers")));
        Assert.Empty(target.ChangeTracker.Entries());
        await AssertSourceUnchangedAsync();
    }

    [Fact]
    public async Task Missing_principals_are_copied_with_their_own_keys_on_request()
    {
        await using var source = Source();
        await using var target = Target();

        var copy = await CloneIntoAsync(source, target, copyMissingPrincipals: true);

        var publisher = (await TargetRowsAsync("""SELECT p."Id", p."Name", c."Id", c."Name" FROM "Publishers" p JOIN "Countries" c ON c."Id" = p."CountryId" """)).Single();
        Assert.Equal(("2", "Fjord Press", "2", "Norway"), (Text(publisher[0]), publisher[1], Text(publisher[2]), publisher[3]));
        Assert.Equal(1L, await TargetCountAsync("Countries"));
        var imprint = (await TargetRowsAsync("""SELECT "Id", "Name" FROM "Imprints" """)).Single();
        Assert.Equal((ImprintId, "Spice"), (Guid.Parse(Text(imprint[0])), imprint[1]));
        var bookImprint = (await TargetRowsAsync($"""SELECT "ImprintId" FROM "Books" WHERE "Id" = {copy}""")).Single()[0];
        Assert.Equal(ImprintId, Guid.Parse(Text(bookImprint)));
        await using (var check = Target())
        {
            // EF on the target finds the imprint by its key: the GUID is stored in the target's own form.
            Assert.Equal("Spice", (await check.Imprints.FindAsync(ImprintId))?.Name);
        }

        Assert.Equal(2L, Long((await TargetRowsAsync($"""SELECT "PublisherId" FROM "Books" WHERE "Id" = {copy}""")).Single()[0]));
        Assert.Equal(2L, await TargetCountAsync("Chapters"));
        await AssertSourceUnchangedAsync();

        // The target's own keys go on past the rows that came with theirs.
        target.ChangeTracker.Clear();
        var sweden = new Country { Name = "Sweden" };
        target.Add(sweden);
        await target.SaveChangesAsync();
        Assert.True(sweden.Id > 2);
    }

    [Fact]
    public async Task Inside_the_targets_open_transaction_the_callers_work_commits_with_the_copy_or_without_a_failed_one()
    {
        await using var source = Source();
        await using var target = Target();
        await using (var transaction = await target.Database.BeginTransactionAsync())
        {
            target.Add(new Country { Name = "Sweden" });
            await target.SaveChangesAsync();
            await Assert.ThrowsAsync<CloneException>(() => CloneIntoAsync(source, target));
            await CloneIntoAsync(source, target, copyMissingPrincipals: true);
            await transaction.CommitAsync();
        }

        Assert.Equal(["Norway", "Sweden"], (await TargetRowsAsync("""SELECT "Name" FROM "Countries" ORDER BY "Name" """)).Select(r => (string)r[0]!));
        Assert.Equal((1L, 2L), (await TargetCountAsync("Books"), await TargetCountAsync("Chapters")));
    }

    [Fact]
    public async Task Inside_the_sources_open_transaction_the_source_is_only_read_and_its_work_commits()
    {
        await using var source = Source();
        await using var target = Target();
        await using (var transaction = await source.Database.BeginTransactionAsync())
        {
            source.Add(new Country { Name = "Denmark" });
            await source.SaveChangesAsync();
            await CloneIntoAsync(source, target, copyMissingPrincipals: true);
            await transaction.CommitAsync();
        }

        Assert.Equal(3L, await SourceCountAsync("Countries"));
        Assert.Equal((1L, 2L), (await TargetCountAsync("Books"), await TargetCountAsync("Chapters")));
        Assert.Equal(["Norway"], (await TargetRowsAsync("""SELECT "Name" FROM "Countries" """)).Select(r => (string)r[0]!));
    }

    [Fact]
    public async Task Cancelled_from_its_progress_the_copy_writes_nothing_into_the_target()
    {
        await SeedTargetAsync();
        await using var source = Source();
        await using var target = Target();
        using var cancellation = new CancellationTokenSource();
        var progress = new CancellingProgress(cancellation);
        var book = await source.Books.SingleAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ObjectMode
            ? source.CloneAndSaveAsync(book, o => o.Aggregate().ReportProgress(progress).Into(target), cancellation.Token)
            : source.Books.ExecuteCloneAsync(o => o.Aggregate().ReportProgress(progress).Into(target), cancellation.Token));

        Assert.True(progress.Reports > 0);
        Assert.Equal((1L, 1L), (await TargetCountAsync("Books"), await TargetCountAsync("Chapters")));
        await AssertSourceUnchangedAsync();
    }

    [Fact]
    public async Task A_target_of_another_model_or_the_same_context_is_refused()
    {
        await using var source = Source();
        await using var other = new Field.FieldContext((DbContextOptions<Field.FieldContext>)TargetDatabase.Options<Field.FieldContext>());
        var book = await source.Books.SingleAsync();

        var wrongModel = await Assert.ThrowsAsync<CloneException>(() => ObjectMode
            ? source.CloneAndSaveAsync(book, o => o.Into(other))
            : source.Books.ExecuteCloneAsync(o => o.Into(other)));
        var itself = await Assert.ThrowsAsync<CloneException>(() => ObjectMode
            ? source.CloneAndSaveAsync(book, o => o.Into(source))
            : source.Books.ExecuteCloneAsync(o => o.Into(source)));

        Assert.Contains("same model", wrongModel.Message, StringComparison.Ordinal);
        Assert.Contains("FieldContext", wrongModel.Message, StringComparison.Ordinal);
        Assert.Contains("leave Into out", itself.Message, StringComparison.Ordinal);
        await AssertSourceUnchangedAsync();
    }

    [Fact]
    public async Task An_entity_of_the_target_context_or_a_tracking_only_clone_is_refused()
    {
        await SeedTargetAsync();
        await using var source = Source();
        await using var target = Target();
        var targets = await target.Books.SingleAsync(b => b.Id == 1);

        var tracked = await Assert.ThrowsAsync<CloneException>(() => source.CloneAndSaveAsync(targets, o => o.Into(target)));
        var tracking = await Assert.ThrowsAsync<CloneException>(() => source.CloneAsync(targets, o => o.Into(target)));

        var unknown = await Assert.ThrowsAsync<CloneException>(() => source.CloneAndSaveAsync(new Book { Id = 99 }, o => o.Into(target)));

        Assert.Contains("tracked by the target context", tracked.Message, StringComparison.Ordinal);
        Assert.Contains("no 'Book' row with Id = 99", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("CloneAndSaveAsync", tracking.Message, StringComparison.Ordinal);
        Assert.Equal(1L, await TargetCountAsync("Books"));
    }

    [Fact]
    public async Task A_value_computed_from_the_original_is_refused_naming_Into()
    {
        await SeedTargetAsync();
        await using var source = Source();
        await using var target = Target();
        var book = await source.Books.SingleAsync();

        var error = await Assert.ThrowsAsync<CloneException>(() => ObjectMode
            ? source.CloneAndSaveAsync(book, o => o.Set(b => b.Title, b => b.Title + " v2").Into(target))
            : source.Books.ExecuteCloneAsync(o => o.Set(b => b.Title, b => b.Title + " v2").Into(target)));

        Assert.StartsWith("Into(target): 'Book.Title'", error.Message, StringComparison.Ordinal);
        Assert.Equal(1L, await TargetCountAsync("Books"));
    }

    [Fact]
    public async Task Constants_and_copies_apply_as_inside_one_database()
    {
        await SeedTargetAsync();
        await using var source = Source();
        await using var target = Target();
        var book = await source.Books.SingleAsync();

        if (ObjectMode)
        {
            await source.CloneAndSaveAsync(book, o => o.Aggregate().Set(b => b.Title, "Dune II").Reset(b => b.InPrint).Into(target));
        }
        else
        {
            await source.Books.ExecuteCloneAsync(o => o.Aggregate().Set(b => b.Title, "Dune II").Reset(b => b.InPrint).Copies(2).Into(target));
        }

        var titles = await TargetRowsAsync("""
            SELECT b."Title", b."InPrint", count(c."Id") FROM "Books" b JOIN "Chapters" c ON c."BookId" = b."Id" WHERE b."Id" <> 1 GROUP BY b."Id", b."Title", b."InPrint"
            """);
        Assert.Equal(ObjectMode ? 1 : 2, titles.Count);
        Assert.All(titles, t => Assert.Equal(("Dune II", false, 2L), ((string)t[0]!, Convert.ToBoolean(t[1], CultureInfo.InvariantCulture), Long(t[2]))));
        await AssertSourceUnchangedAsync();
    }

    private async Task AssertSourceUnchangedAsync()
    {
        Assert.Equal((1L, 2L, 2L, 2L), (await SourceCountAsync("Books"), await SourceCountAsync("Chapters"), await SourceCountAsync("Publishers"), await SourceCountAsync("Countries")));
        var title = (await SourceRowsAsync("""SELECT "Title" FROM "Books" """)).Single()[0];
        Assert.Equal("Dune", title);
    }

    /// <summary>Cancels the operation from its first report, on the caller's thread.</summary>
    private sealed class CancellingProgress(CancellationTokenSource cancellation) : IProgress<CloneProgress>
    {
        public int Reports { get; private set; }

        public void Report(CloneProgress value)
        {
            Reports++;
            cancellation.Cancel();
        }
    }

    private static DateTime ToUtc(object? value) => value is DateTime dateTime
        ? (dateTime.Kind == DateTimeKind.Local ? dateTime.ToUniversalTime() : DateTime.SpecifyKind(dateTime, DateTimeKind.Utc))
        : DateTime.SpecifyKind(DateTime.Parse((string)value!, CultureInfo.InvariantCulture), DateTimeKind.Utc);

    private static string Text(object? value) => Convert.ToString(value, CultureInfo.InvariantCulture)!;
}
