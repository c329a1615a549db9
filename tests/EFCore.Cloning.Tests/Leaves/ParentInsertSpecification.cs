using System.Globalization;
using EFCore.Cloning.Tests.Specification;
using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Tests.Leaves;

/// <summary>
/// Set mode inserts the rows no copied row points at (cards, labels, attachments, remarks) straight from their parent's
/// key map. What a user checks stays the same: every copy points at its parent's copy, numbered keys keep the
/// originals' order, composite and GUID keys are new, filters hold, counts, progress and dry runs agree, and object
/// mode writes the same rows.
/// </summary>
public abstract class ParentInsertSpecification : IAsyncLifetime
{
    private TestDatabase? _database;

    protected abstract string Provider { get; }

    private TestDatabase Database => _database!;

    private int BoardId { get; set; }

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(Provider);
        await using var db = await Database.EnsureCreatedAsync(Context);
        BoardId = await BoardContext.SeedAsync(db);
        await BoardContext.SeedAsync(db, "Gemini");
    }

    public async Task DisposeAsync() => await Database.DisposeAsync();

    private BoardContext Context() => new((DbContextOptions<BoardContext>)Database.Options<BoardContext>());

    private static void Everything(CloneOptionsBuilder<Board> o)
        => o.Include(b => b.Cards).ThenInclude(c => c.Checklist).Include(b => b.Labels).Include(b => b.Attachments).Include(b => b.Remarks)
            .Entity<Card>(c => c.RecordOrigin(x => x.CopiedFromId));

    private async Task<CloneResult> CloneAsync(Action<CloneOptionsBuilder<Board>> configure)
    {
        await using var db = Context();
        return await db.Boards.Where(b => b.Id == BoardId).ExecuteCloneAsync(configure);
    }

    [Fact]
    public async Task The_plan_says_which_rows_are_inserted_from_their_parents_key_map()
    {
        await using var db = Context();

        var flat = db.ToClonePlan<Board>(o => o.Include(b => b.Cards).Include(b => b.Labels).Include(b => b.Attachments).Include(b => b.Remarks));
        var deep = db.ToClonePlan<Board>(Everything);

        Assert.Equal(4, Occurrences(flat, "set mode inserts them from the key map of Board"));
        Assert.Equal(3, Occurrences(deep, "set mode inserts them from the key map of Board"));
        Assert.Equal(1, Occurrences(deep, "set mode inserts them from the key map of Card"));
    }

    [Fact]
    public async Task Leaf_copies_point_at_their_parents_copy_and_keep_the_originals_order()
    {
        var result = await CloneAsync(Everything);
        var copy = Int(result.Roots.Single().CopyKey);

        var originals = await RowsAsync($"""SELECT "Id", "Position", "Kind", "Items" FROM "Cards" WHERE "BoardId" = {BoardId} ORDER BY "Id" """);
        var copies = await RowsAsync($"""SELECT "Id", "Position", "Kind", "Items", "CopiedFromId", "Title" FROM "Cards" WHERE "BoardId" = {copy} ORDER BY "Id" """);
        Assert.Equal(originals.Select(r => Text(r[1..4])), copies.Select(r => Text(r[1..4])));
        Assert.Equal(originals.Select(r => Int(r[0])), copies.Select(r => Int(r[4])));
        Assert.True(Int(copies[0][0]) > Int(await ScalarAsync("""SELECT max("Id") FROM "Cards" WHERE "BoardId" <> (SELECT max("Id") FROM "Boards")""")));

        // Each check item copy under the copy of its own card.
        var items = await RowsAsync($"""SELECT c."Position", i."Text" FROM "CheckItem" i JOIN "Cards" c ON c."Id" = i."CardId" WHERE c."BoardId" = {copy} ORDER BY c."Position" """);
        Assert.Equal(Enumerable.Range(1, 5).Select(p => $"{p};Apollo item {p}"), items.Select(Text));

        var labels = await RowsAsync($"""SELECT "Code", "Color" FROM "BoardLabel" WHERE "BoardId" = {copy} ORDER BY "Code" """);
        Assert.Equal(["later;grey", "urgent;red"], labels.Select(Text));

        var attachments = await RowsAsync($"""SELECT "Id", "BoardId", "FileName" FROM "Attachment" ORDER BY "FileName" """);
        Assert.Equal(6, attachments.Select(r => Convert.ToString(r[0], CultureInfo.InvariantCulture)!.ToUpperInvariant()).Distinct().Count());
        Assert.Equal(["notes.txt", "plan.pdf"], attachments.Where(r => Int(r[1]) == copy).Select(r => (string)r[2]!));

        Assert.Equal(["kept"], (await RowsAsync($"""SELECT "Text" FROM "Remarks" WHERE "BoardId" = {copy}""")).Select(r => (string)r[0]!));
        Assert.Equal(new Dictionary<string, long> { ["Boards"] = 1, ["Cards"] = 5, ["CheckItem"] = 5, ["BoardLabel"] = 2, ["Attachment"] = 2, ["Remarks"] = 1 }, result.Tables);
        Assert.Equal(2, Int(await ScalarAsync($"""SELECT count(*) FROM "BoardLabel" WHERE "BoardId" = {BoardId}""")));
    }

    [Fact]
    public async Task A_filtered_include_with_a_captured_value_and_ignored_query_filters_hold_for_leaves()
    {
        var from = 2;
        var result = await CloneAsync(o => o.IgnoreQueryFilters().Include(b => b.Cards.Where(c => c.Position > from)).Include(b => b.Remarks));
        var copy = Int(result.Roots.Single().CopyKey);

        Assert.Equal([3, 4, 5], (await RowsAsync($"""SELECT "Position" FROM "Cards" WHERE "BoardId" = {copy} ORDER BY "Position" """)).Select(r => Int(r[0])));
        Assert.Equal(["deleted", "kept"], (await RowsAsync($"""SELECT "Text" FROM "Remarks" WHERE "BoardId" = {copy} ORDER BY "Text" """)).Select(r => (string)r[0]!));
    }

    [Fact]
    public async Task Several_copies_each_get_every_leaf_in_order()
    {
        var result = await CloneAsync(o => { Everything(o); o.Copies(3); });

        var copies = result.Roots.Select(r => Int(r.CopyKey)).ToList();
        Assert.Equal(3, copies.Distinct().Count());
        foreach (var copy in copies)
        {
            var positions = (await RowsAsync($"""SELECT "Position" FROM "Cards" WHERE "BoardId" = {copy} ORDER BY "Id" """)).Select(r => Int(r[0]));
            Assert.Equal([3, 1, 4, 2, 5], positions);
            Assert.Equal(5, Int(await ScalarAsync($"""SELECT count(*) FROM "CheckItem" i JOIN "Cards" c ON c."Id" = i."CardId" WHERE c."BoardId" = {copy}""")));
            Assert.Equal(2, Int(await ScalarAsync($"""SELECT count(*) FROM "BoardLabel" WHERE "BoardId" = {copy}""")));
        }

        Assert.Equal(25, Int(await ScalarAsync("""SELECT count(*) FROM "Cards" """)));
        Assert.Equal(25, Int(await ScalarAsync("""SELECT count(DISTINCT "Id") FROM "Cards" """)));
    }

    [Fact]
    public async Task A_dry_run_and_progress_count_the_rows_the_clone_writes()
    {
        var from = 1;
        void Configure(CloneOptionsBuilder<Board> o) => o.Include(b => b.Cards.Where(c => c.Position > from)).ThenInclude(c => c.Checklist).Include(b => b.Labels).Include(b => b.Remarks).Copies(2);

        var dry = await CloneAsync(o => { Configure(o); o.DryRun(); });
        var reports = new List<CloneProgress>();
        var result = await CloneAsync(o => { Configure(o); o.ReportProgress(new Callback(reports.Add)); });

        Assert.True(dry.IsDryRun);
        Assert.Equal(result.Tables, dry.Tables);
        Assert.Equal(8, result.Tables["Cards"]);
        Assert.Equal(2, result.Tables["Remarks"]);
        Assert.Equal(result.TotalRows, reports[^1].RowsTotal);
        Assert.Equal(result.TotalRows, reports[^1].RowsDone);
    }

    [Fact]
    public async Task Object_mode_writes_the_same_rows()
    {
        var setRows = await SnapshotAfterAsync(CloneEngine.Sets);
        await DisposeAsync();
        await InitializeAsync();
        var objectRows = await SnapshotAfterAsync(CloneEngine.Objects);

        Assert.Equal(objectRows.Keys.Order(), setRows.Keys.Order());
        foreach (var table in objectRows.Keys)
        {
            Assert.True(objectRows[table].SequenceEqual(setRows[table]), $"{table}:\nobject mode: {string.Join(" | ", objectRows[table])}\nset mode:    {string.Join(" | ", setRows[table])}");
        }
    }

    [Fact]
    public async Task Into_another_database_copies_the_leaves_a_filter_lets_through()
    {
        await using var target = await TestDatabase.CreateAsync(Provider);
        await using var targetDb = await target.EnsureCreatedAsync(() => new BoardContext((DbContextOptions<BoardContext>)target.Options<BoardContext>()));
        var from = 3;

        await using (var db = Context())
        {
            await db.Boards.Where(b => b.Id == BoardId)
                .ExecuteCloneAsync(o => o.Include(b => b.Cards.Where(c => c.Position >= from)).ThenInclude(c => c.Checklist).Include(b => b.Labels).Include(b => b.Remarks).Into(targetDb));
        }

        Assert.Equal([3, 4, 5], await targetDb.Cards.OrderBy(c => c.Position).Select(c => c.Position).ToListAsync());
        Assert.Equal(3, await targetDb.Set<CheckItem>().CountAsync());
        Assert.Equal(["kept"], await targetDb.Remarks.IgnoreQueryFilters().Select(r => r.Text).ToListAsync());
        Assert.Equal(2, await targetDb.Set<BoardLabel>().CountAsync());
    }

    private async Task<Dictionary<string, List<string>>> SnapshotAfterAsync(CloneEngine engine)
    {
        await using var db = Context();
        var board = await db.Boards.SingleAsync(b => b.Id == BoardId);
        await engine.CloneAsync(db, board, o => { Everything(o); o.MapAllRows(); });
        return await RowSnapshot.OfAsync(db);
    }

    private async Task<List<object?[]>> RowsAsync(string sql)
    {
        await using var db = Context();
        return await RowSnapshot.QueryAsync(db, sql);
    }

    private async Task<object?> ScalarAsync(string sql) => (await RowsAsync(sql)).Single()[0];

    private static int Int(object? value) => Convert.ToInt32(value, CultureInfo.InvariantCulture);

    private static string Text(object?[] row) => string.Join(";", row.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "null"));

    private static int Occurrences(string text, string part) => (text.Length - text.Replace(part, string.Empty, StringComparison.Ordinal).Length) / part.Length;

    private sealed class Callback(Action<CloneProgress> report) : IProgress<CloneProgress>
    {
        public void Report(CloneProgress value) => report(value);
    }
}

public sealed class ParentInsertSqliteSpecification : ParentInsertSpecification
{
    protected override string Provider => "sqlite";
}

public sealed class ParentInsertPostgresSpecification : ParentInsertSpecification
{
    protected override string Provider => "postgres";
}
