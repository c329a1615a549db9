using System.Text.RegularExpressions;
using EFCore.Cloning.Tests.Specification;
using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Tests.Compatibility;

/// <summary>
/// amoeba's spec/lib/amoeba_spec.rb, ported: each test names the examples it stands for (docs/compatibility.md maps all
/// of them). amoeba's `enable` is Aggregate() here, or the model's HasCloneStrategy where amoeba configures a class.
/// </summary>
public abstract partial class AmoebaSpecification : CompatibilityTest<AmoebaContext>
{
    private static readonly string[] Tables =
    [
        "Accounts", "Histories", "Categories", "Supercats", "Superkittens", "Tags", "PostTag", "Notes", "NotePost", "Widgets",
        "PostWidgets", "Posts", "Comments", "Ratings", "Reviews", "PostConfigs", "CustomThings",
    ];

    protected override AmoebaContext Context() => new(Database.Options<AmoebaContext>());

    protected override Task SeedAsync(AmoebaContext db) => AmoebaData.SeedAsync(db);

    private Task<CloneResult> ClonePostAsync(Action<CloneOptionsBuilder<Post>> configure)
        => CloneAsync(db => db.Posts.SingleAsync(p => p.Id == 1), configure);

    private static void Enable(CloneOptionsBuilder<Post> o)
        => o.Aggregate().Include(p => p.Notes).Include(p => p.PostWidgets).ThenInclude(w => w.Widget);

    private async Task<Dictionary<string, int>> CountsAsync()
    {
        var counts = new Dictionary<string, int>();
        foreach (var table in Tables)
        {
            counts[table] = await CountAsync(table);
        }

        return counts;
    }

    // dup / duplicates associated child records: the counts, and widgets and notes cloned (`clone [:widgets, :notes]`)
    [Fact]
    public async Task Enable_copies_children_and_one_to_ones_links_tags_and_clones_the_widgets_and_notes()
    {
        var before = await CountsAsync();

        var copy = CopyId(await ClonePostAsync(Enable));

        var after = await CountsAsync();
        var same = new[] { "Tags", "Categories", "Reviews" };
        foreach (var table in Tables)
        {
            Assert.True(after[table] == (same.Contains(table) ? before[table] : before[table] * 2), $"{table}: {before[table]} -> {after[table]}");
        }

        var widgets = await ColumnAsync($"""SELECT "WidgetId" FROM "PostWidgets" WHERE "PostId" = {copy}""");
        Assert.Empty(widgets.Intersect(await ColumnAsync("""SELECT "WidgetId" FROM "PostWidgets" WHERE "PostId" = 1""")));
        Assert.Equal(3, await CountAsync("NotePost", $"\"PostsId\" = {copy} AND \"NotesId\" > 3"));
        Assert.Equal(3, await CountAsync("PostTag", $"\"PostsId\" = {copy} AND \"TagsId\" <= 3"));
        Assert.Equal(["", "1,2", "78"], await ColumnAsync($"""SELECT "Value" FROM "CustomThings" WHERE "PostId" = {copy} ORDER BY 1"""));
        Assert.Equal(["Bar"], await ColumnAsync($"""SELECT h."SomeStuff" FROM "Histories" h JOIN "Accounts" a ON a."Id" = h."AccountId" WHERE a."PostId" = {copy}"""));
    }

    // dup: Supercat's `set other_ramblings: 'La la la'`
    [Fact]
    public async Task Set_gives_every_copy_of_a_child_type_a_constant()
    {
        var copy = CopyId(await ClonePostAsync(o => o.Aggregate().Entity<Supercat>(s => s.Set(x => x.OtherRamblings, "La la la"))));

        Assert.Equal(["La la la"], (await ColumnAsync($"""SELECT "OtherRamblings" FROM "Supercats" WHERE "PostId" = {copy}""")).Distinct());
        Assert.Equal(["blap", "narp", "nerp"], await ColumnAsync("""SELECT "OtherRamblings" FROM "Supercats" WHERE "PostId" = 1 ORDER BY 1"""));
    }

    // dup: Post's `prepend title:`, `append contents:`, `regex contents:`, the spec's `prepend contents:`, Supercat's `prepend ramblings:`
    [Fact]
    public async Task Prepend_append_and_regex_are_values_computed_from_the_original()
    {
        Action<CloneOptionsBuilder<Post>> configure = o => o.Aggregate()
            .Set(p => p.Title, original => "Copy of " + original.Title)
            .Set(p => p.Contents, original => "Here's a copy: " + Regex.Replace(original.Contents!, "dog", "cat") + " (copied version)")
            .Entity<Supercat>(s => s.Set(x => x.Ramblings, original => "Copy of " + original.Ramblings));
        if (IsSetMode && Provider == "sqlite")
        {
            // PostgreSQL translates Regex.Replace (regexp_replace); SQLite has nothing EF maps it to: set mode says so.
            await AssertSetModeRefusesAsync(() => ClonePostAsync(configure), "Posts", "object mode");
            return;
        }

        var copy = CopyId(await ClonePostAsync(configure));

        Assert.Equal("Copy of My little pony", await ValueAsync($"""SELECT "Title" FROM "Posts" WHERE "Id" = {copy}"""));
        // PostgreSQL's regexp_replace, which EF translates Regex.Replace to, replaces the first match where .NET replaces
        // every one: set mode computes what the database computes (docs/values.md says so).
        var cats = IsSetMode && Provider == "postgres" ? "cats, dogs" : "cats, cats";
        Assert.Equal(
            $"Here's a copy: Lorum ipsum dolor rainbow bright. I like {cats} are awesome. (copied version)",
            await ValueAsync($"""SELECT "Contents" FROM "Posts" WHERE "Id" = {copy}"""));
        Assert.Contains("Copy of zomg", await ColumnAsync($"""SELECT "Ramblings" FROM "Supercats" WHERE "PostId" = {copy}"""));
        Assert.Equal("My little pony", await ValueAsync("""SELECT "Title" FROM "Posts" WHERE "Id" = 1"""));
    }

    // dup: Post's two `customize` lambdas (extra comments with contents nil, 'bonk' renamed 'bonkers')
    [Fact]
    public async Task Customize_is_a_hook_that_may_add_rows_to_the_copy()
    {
        await using var db = new HookedAmoebaContext(Database.Options<HookedAmoebaContext>());
        var post = await db.Posts.SingleAsync(p => p.Id == 1);
        if (IsSetMode)
        {
            await AssertSetModeRefusesAsync(() => Engine.CloneAsync(db, post, o => o.Aggregate()), "Posts", "Post");
            return;
        }

        var copy = CopyId(await Engine.CloneAsync(db, post, o => o.Aggregate()));

        var comments = await ColumnAsync($"""SELECT coalesce("Contents", '-') || '|' || "Nerf" FROM "Comments" WHERE "PostId" = {copy} ORDER BY 1""");
        Assert.Equal(["-|bonkers", "-|ratatat", "I hate it!|whapaow", "I love it!|ratatat", "kthxbbq!!11!!!1!eleven!!|bonk"], comments);
        Assert.Equal(3, await CountAsync("Comments", "\"PostId\" = 1"));
    }

    // dup: Author's amoeba_dup (posts copied with their custom things)
    [Fact]
    public async Task An_aggregate_author_copies_its_posts_with_their_children()
    {
        var result = await CloneAsync(db => db.Authors.SingleAsync(a => a.FullName == "Kermit The Vonnegut"), o => o.Aggregate());

        var post = await ValueAsync($"""SELECT "Id" FROM "Posts" WHERE "AuthorId" = {CopyId(result)}""");
        Assert.Equal(["", "1,2", "78"], await ColumnAsync($"""SELECT "Value" FROM "CustomThings" WHERE "PostId" = {post} ORDER BY 1"""));
        Assert.Equal(1, await CountAsync("Posts", $"\"AuthorId\" = {result.Roots.Single().OriginalKey}"));
    }

    // dup: Products, base class, Shirt (raised :submissive) and Necklace (raised :relaxed)
    [Theory]
    [InlineData("Sticky Notes 5-Pak")]
    [InlineData("Fancy Shirt")]
    [InlineData("Pearl Necklace")]
    public async Task The_base_type_configuration_holds_for_derived_types(string title)
    {
        var result = await CloneAsync(db => db.Products.SingleAsync(p => p.Title == title));

        var (original, copy) = (Convert.ToInt32(result.Roots.Single().OriginalKey), CopyId(result));
        Assert.Equal(2, await CountAsync("Images", $"\"ProductId\" = {copy}"));
        Assert.Equal(2, await CountAsync("Images", $"\"ProductId\" = {original}"));
        Assert.Equal(6, await CountAsync("Sections"));
        Assert.Equal(
            await ColumnAsync($"""SELECT "SectionsId" FROM "ProductSection" WHERE "ProductId" = {original} ORDER BY 1"""),
            await ColumnAsync($"""SELECT "SectionsId" FROM "ProductSection" WHERE "ProductId" = {copy} ORDER BY 1"""));
        Assert.Equal(
            await ValueAsync($"""SELECT "Discriminator" FROM "Products" WHERE "Id" = {original}"""),
            await ValueAsync($"""SELECT "Discriminator" FROM "Products" WHERE "Id" = {copy}"""));
    }

    // Using a if condition: the eight examples (include/exclude, truthy/falsey condition, one name or an array)
    [Theory]
    [InlineData(true, true, 3)]
    [InlineData(true, false, 0)]
    [InlineData(false, true, 0)]
    [InlineData(false, false, 3)]
    public async Task A_condition_on_the_original_decides_an_include_or_exclude(bool include, bool condition, int comments)
    {
        var before = await CountAsync("Comments");

        await ClonePostAsync(o =>
        {
            if (include && condition)
            {
                o.Include(p => p.Comments);
            }
            else if (!include)
            {
                o.Aggregate();
                if (condition)
                {
                    o.Skip(p => p.Comments);
                }
            }
        });

        Assert.Equal(before + comments, await CountAsync("Comments"));
    }
}
