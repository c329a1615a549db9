using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Tests.Unique;

/// <summary>
/// Set mode's unique values, found inside the database, against the in-memory search on the cases that stress it:
/// short columns on a big table, many originals of one base value with several copies each, gaps, case, composite
/// scopes with nulls, TPC.
/// </summary>
public abstract class SetUniqueValuesSpecification : UniqueTest
{
    [Fact]
    public async Task A_column_shorter_than_the_longest_suffix_cuts_values_the_same_way_on_a_big_table()
    {
        // 3,000 codes; 'C1' .. 'C3000' and, for the first 600, a copy already: cut to 12 characters the candidates
        // of different codes collide from 'C10 (copy 2)' on, and at 100 and more copies every code shares 'C (copy 100)'.
        await SeedAsync("Codes", "\"Value\"", "'C' || CAST(i AS text)", 3000);
        await SeedAsync("Codes", "\"Value\"", "'C' || CAST(i AS text) || ' (copy)'", 600);
        await ExecuteAsync("""INSERT INTO "Codes" ("Value") VALUES ('C1 (copy 3)'), ('C (copy 100)'), ('C10 (copy 2)')""");

        var values = await AssertValuesAsync(
            db => db.Codes.Where(c => c.Id <= 400).ExecuteCloneAsync(o => o.Copies(2)), ["Codes"], "Value", [], maxLength: 12);

        Assert.Equal(800, values.Distinct().Count());
        Assert.All(values, v => Assert.True(v.Length <= 12, v));
    }

    [Fact]
    public async Task Many_originals_of_one_base_value_with_five_copies_each_skip_the_gaps()
    {
        await using (var db = Context())
        {
            // 'Report', its copies 1, 2, 4, 7 and 'Report (copy x)' (not a suffix of the format): the copies fill 3, 5, 6, 8...
            foreach (var name in new[] { "Report", "Report (copy)", "Report (copy 2)", "Report (copy 4)", "Report (copy 7)", "Report (copy x)", "report" })
            {
                db.Docs.Add(new Doc { FolderId = 1, TenantId = 1, Name = name });
            }

            // The same names elsewhere in the scope: another tenant, and no folder (nulls compare alike).
            db.Docs.AddRange(new Doc { FolderId = 1, TenantId = 2, Name = "Report (copy 3)" }, new Doc { FolderId = null, TenantId = 1, Name = "Report" }, new Doc { FolderId = null, TenantId = 1, Name = "Report (copy 3)" });
            await db.SaveChangesAsync();
        }

        var values = await AssertValuesAsync(
            db => db.Docs.ExecuteCloneAsync(o => o.Copies(5)), ["Docs"], "Name", ["FolderId", "TenantId"], maxLength: null);

        Assert.Equal(50, values.Count);
        Assert.Contains("Report (copy 3)", values);
        Assert.Contains("Report (copy x) (copy 5)", values);
    }

    [Fact]
    public async Task A_case_insensitive_column_counts_other_cases_as_taken_across_many_copies()
    {
        await using (var db = Context())
        {
            db.Tags.AddRange(
                new Tag { Name = "Apollo" }, new Tag { Name = "APOLLO (COPY)" }, new Tag { Name = "apollo (copy 3)" }, new Tag { Name = "Gemini" },
                new Tag { Name = "GEMINI (copy)" }, new Tag { Name = "Mercury (Copy 2)" });
            await db.SaveChangesAsync();
        }

        var values = await AssertValuesAsync(db => db.Tags.ExecuteCloneAsync(o => o.Copies(3)), ["Tags"], "Name", [], maxLength: null, caseInsensitive: true);

        Assert.Contains("Apollo (copy 2)", values);
        Assert.Equal(18, values.Select(v => v.ToUpperInvariant()).Distinct().Count());
    }

    [Fact]
    public async Task A_unique_serial_across_TPC_tables_is_taken_in_any_of_them()
    {
        await using (var db = Context())
        {
            var postgres = db.Database.IsNpgsql();
            db.AddRange(
                new Phone { Id = postgres ? 0 : 1, Serial = "S1", Sim = 1 }, new Tablet { Id = postgres ? 0 : 2, Serial = "S1 (copy)", Inches = 10 },
                new Phone { Id = postgres ? 0 : 3, Serial = "S2", Sim = 2 }, new Tablet { Id = postgres ? 0 : 4, Serial = "S2 (copy 2)", Inches = 11 });
            await db.SaveChangesAsync();
        }

        var values = await AssertValuesAsync(db => db.Set<Phone>().ExecuteCloneAsync(o => o.Copies(2)), ["Phones", "Tablets"], "Serial", [], maxLength: null);

        Assert.Equal(["S1 (copy 2)", "S2 (copy)", "S1 (copy 3)", "S2 (copy 3)"], values);
    }

    [Fact]
    public async Task Copies_under_a_copied_parent_compete_only_with_each_other()
    {
        await using (var db = Context())
        {
            var intro = new Track { Title = "Intro" };
            db.Albums.Add(new Album { Name = "First", Tracks = [intro, new Track { Title = "Intro (copy)", Parent = intro }, new Track { Title = "Outro", Parent = intro }] });
            db.Albums.Add(new Album { Name = "Second", Tracks = [new Track { Title = "Same" }, new Track { Title = "Same (copy)" }] });
            await db.SaveChangesAsync();
        }

        async Task<List<string>> TitlesAsync(CloneResult result)
            => (await RowsAsync($"""SELECT "Title" FROM "Track" WHERE "AlbumId" = {result.Roots.Single().CopyKey} ORDER BY "Id" """)).Select(r => r[0]!).ToList();

        // Their own titles: the new album holds none yet, and no probe of the table is needed to know it.
        await using (var db = Context())
        {
            var result = await db.Albums.Where(a => a.Id == 1).ExecuteCloneAsync(o => o.Aggregate().Include(a => a.Tracks).ThenInclude(t => t.Children));
            Assert.Equal(["Intro", "Intro (copy)", "Outro"], await TitlesAsync(result));
        }

        // One title computed for all: the copies under the new album take the suffixes among themselves, in key order, as object mode does.
        await using (var db = Context())
        {
            var set = await db.Albums.Where(a => a.Id == 1).ExecuteCloneAsync(o => o.Aggregate().Include(a => a.Tracks).ThenInclude(t => t.Children).Entity<Track>(t => t.Set(x => x.Title, x => "Same")));
            Assert.Equal(["Same", "Same (copy)", "Same (copy 2)"], await TitlesAsync(set));
            var objects = await db.CloneAndSaveAsync(await db.Albums.SingleAsync(a => a.Id == 1), o => o.Aggregate().Include(a => a.Tracks).ThenInclude(t => t.Children).Entity<Track>(t => t.Set(x => x.Title, x => "Same")));
            Assert.Equal(["Same", "Same (copy)", "Same (copy 2)"], await TitlesAsync(objects));
        }

        // The originals (3 + 2) and three copies of the first album's three tracks.
        Assert.Equal("14", (await RowsAsync("""SELECT count(*) FROM "Track" """)).Single()[0]);
    }

    [Fact]
    public async Task A_copy_reached_through_the_tree_under_a_parent_not_copied_is_suffixed_in_that_parent()
    {
        await using (var db = Context())
        {
            var intro = new Track { Title = "Intro" };
            var other = new Album { Name = "Other", Tracks = [new Track { Title = "Bonus" }] };
            db.Albums.Add(new Album { Name = "First", Tracks = [intro, new Track { Title = "Outro", Parent = intro }] });
            db.Albums.Add(other);
            await db.SaveChangesAsync();

            // A child of the first album's intro that belongs to the other album: its copy stays in the other album.
            other.Tracks.Add(new Track { Title = "Intro", Parent = intro });
            await db.SaveChangesAsync();
        }

        await using (var db = Context())
        {
            var result = await db.Albums.Where(a => a.Id == 1).ExecuteCloneAsync(o => o.Aggregate().Include(a => a.Tracks).ThenInclude(t => t.Children));
            var copied = await RowsAsync($"""SELECT "Title" FROM "Track" WHERE "AlbumId" = {result.Roots.Single().CopyKey} ORDER BY "Id" """);
            Assert.Equal(["Intro", "Outro"], copied.Select(r => r[0]!));
        }

        var inOther = await RowsAsync("""SELECT "Title" FROM "Track" WHERE "AlbumId" = 2 ORDER BY "Id" """);
        Assert.Equal(["Bonus", "Intro", "Intro (copy)"], inOther.Select(r => r[0]!));
    }

    [Fact]
    public async Task Object_mode_gives_the_copies_the_same_values()
    {
        await using (var db = Context())
        {
            foreach (var name in new[] { "Plan", "Plan (copy)", "Plan (copy 3)", "plan", "Plan (copy 2) draft" })
            {
                db.Docs.Add(new Doc { FolderId = 1, TenantId = 1, Name = name });
                db.Docs.Add(new Doc { FolderId = null, TenantId = 1, Name = name });
            }

            await db.SaveChangesAsync();
        }

        var set = await AssertValuesAsync(db => db.Docs.ExecuteCloneAsync(), ["Docs"], "Name", ["FolderId", "TenantId"], maxLength: null);

        // The same seed again, cloned one entity at a time in key order before one SaveChanges.
        await ExecuteAsync("""DELETE FROM "Docs" WHERE "Id" > 10""");
        await using (var db = Context())
        {
            foreach (var doc in await db.Docs.OrderBy(d => d.Id).ToListAsync())
            {
                await db.CloneAsync(doc);
            }

            await db.SaveChangesAsync();
        }

        var objects = (await RowsAsync("""SELECT "Name" FROM "Docs" WHERE "Id" > 10 ORDER BY "Id" """)).Select(r => r[0]!).ToList();
        Assert.Equal(set, objects);
    }
}

public sealed class SqliteSetUniqueValuesSpecification : SetUniqueValuesSpecification
{
    protected override string Provider => "sqlite";
}

public sealed class PostgresSetUniqueValuesSpecification : SetUniqueValuesSpecification
{
    protected override string Provider => "postgres";
}
