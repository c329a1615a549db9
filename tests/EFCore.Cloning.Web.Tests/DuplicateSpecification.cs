using System.Net;
using EFCore.Cloning.Web.Tests.Infrastructure;

namespace EFCore.Cloning.Web.Tests;

/// <summary>
/// The Duplicate buttons over HTTP, the rows checked with plain SQL; run on SQLite and on PostgreSQL by the
/// subclasses. Apollo (id 1) has 3 tasks, 4 comments and 2 attachments; Atlas (id 3) is the large aggregate.
/// </summary>
public abstract class DuplicateSpecification(WebAppFactory app)
{
    protected WebAppFactory App { get; } = app;

    protected PlainSql Sql => App.Sql;

    [Fact]
    public async Task Post_without_antiforgery_token_is_refused_and_writes_nothing()
    {
        using var ada = new DemoClient(App, "ada");
        var before = await Sql.FingerprintAsync();

        using var response = await ada.PostAsync("/Projects/Details/1?handler=Duplicate");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, await Sql.FingerprintAsync());
    }

    [Theory]
    [InlineData("bob")]
    [InlineData("guest")]
    public async Task Post_without_the_CanDuplicate_permission_is_403_and_writes_nothing(string user)
    {
        using var client = new DemoClient(App, user);
        var before = await Sql.FingerprintAsync();

        foreach (var handler in new[] { "Duplicate", "Template", "Background" })
        {
            using var response = await client.PostFormAsync("/Projects/Details/1", $"/Projects/Details/1?handler={handler}");
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        Assert.Equal(before, await Sql.FingerprintAsync());
        Assert.DoesNotContain("id=\"duplicate\"", await client.GetPageAsync("/Projects/Details/1"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_never_copies()
    {
        using var ada = new DemoClient(App, "ada");
        var before = await Sql.FingerprintAsync();

        foreach (var url in new[] { "/Projects/Details/1", "/Projects/Details/1?handler=Duplicate", "/Projects/Details/1?handler=Template", "/Projects/Details/3?handler=Background" })
        {
            using var response = await ada.GetAsync(url);
            Assert.NotEqual(HttpStatusCode.Redirect, response.StatusCode);
        }

        Assert.Equal(before, await Sql.FingerprintAsync());
    }

    [Fact]
    public async Task Post_copies_the_aggregate_with_its_files_and_redirects_to_the_copy_named_in_the_message()
    {
        using var ada = new DemoClient(App, "ada");
        var first = await DuplicateApolloAsync(ada);
        var second = await DuplicateApolloAsync(ada);

        // Other tests of the class may have made copies of Apollo before: each copy takes the next free name.
        var firstName = await Sql.ScalarAsync<string>($"SELECT \"Name\" FROM \"Projects\" WHERE \"Id\" = {first}");
        var secondName = await Sql.ScalarAsync<string>($"SELECT \"Name\" FROM \"Projects\" WHERE \"Id\" = {second}");
        Assert.Matches(@"^Apollo \(copy( \d+)?\)$", firstName);
        Assert.Matches(@"^Apollo \(copy \d+\)$", secondName);
        Assert.NotEqual(firstName, secondName);
        Assert.Contains($"Duplicated as &#x27;{secondName}&#x27;.", await ada.GetPageAsync($"/Projects/Details/{second}"), StringComparison.Ordinal);
        Assert.Contains($"<h1 id=\"project-name\">{secondName}</h1>", await ada.GetPageAsync($"/Projects/Details/{second}"), StringComparison.Ordinal);
        Assert.Equal(
            await Sql.RowsAsync("SELECT \"Title\", \"Done\", \"Position\" FROM \"Tasks\" WHERE \"ProjectId\" = 1 ORDER BY \"Position\""),
            await Sql.RowsAsync($"SELECT \"Title\", \"Done\", \"Position\" FROM \"Tasks\" WHERE \"ProjectId\" = {second} ORDER BY \"Position\""));
        Assert.Equal(4, await Sql.CountAsync("Comments", $"\"WorkItemId\" IN (SELECT \"Id\" FROM \"Tasks\" WHERE \"ProjectId\" = {second})"));
        Assert.Equal("null", (await Sql.RowsAsync($"SELECT \"PublishedAt\" FROM \"Projects\" WHERE \"Id\" = {second}"))[0][0]);

        // Each copy's attachment has a file of its own with the original's bytes.
        var originals = await Sql.RowsAsync("SELECT \"FileName\", \"BlobKey\" FROM \"Attachments\" WHERE \"ProjectId\" = 1 ORDER BY \"FileName\"");
        var copies = await Sql.RowsAsync($"SELECT \"FileName\", \"BlobKey\" FROM \"Attachments\" WHERE \"ProjectId\" = {second} ORDER BY \"FileName\"");
        Assert.Equal(originals.Select(r => r[0]), copies.Select(r => r[0]));
        foreach (var (original, copy) in originals.Zip(copies))
        {
            Assert.NotEqual(original[1], copy[1]);
            Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(App.BlobFolder, original[1])), await File.ReadAllBytesAsync(Path.Combine(App.BlobFolder, copy[1])));
        }
    }

    [Fact]
    public async Task Only_a_local_return_url_is_followed()
    {
        using var ada = new DemoClient(App, "ada");

        using var local = await ada.PostFormAsync("/Projects/Details/2", "/Projects/Details/2?handler=Duplicate", ("returnUrl", "/"));
        using var foreign = await ada.PostFormAsync("/Projects/Details/2", "/Projects/Details/2?handler=Duplicate", ("returnUrl", "https://evil.example/"));
        using var protocolRelative = await ada.PostFormAsync("/Projects/Details/2", "/Projects/Details/2?handler=Duplicate", ("returnUrl", "//evil.example/"));

        Assert.Equal("/", local.Headers.Location?.OriginalString);
        var copies = await Sql.RowsAsync("SELECT \"Id\" FROM \"Projects\" WHERE \"Name\" LIKE 'Gemini (copy%' ORDER BY \"Id\"");
        Assert.Equal($"/Projects/Details/{copies[^2][0]}", foreign.Headers.Location?.OriginalString);
        Assert.Equal($"/Projects/Details/{copies[^1][0]}", protocolRelative.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Duplicate_as_template_applies_the_per_call_values()
    {
        using var ada = new DemoClient(App, "ada");
        using var response = await ada.PostFormAsync("/Projects/Details/1", "/Projects/Details/1?handler=Template");
        var id = CopyId(response);

        var project = (await Sql.RowsAsync($"SELECT \"IsTemplate\", \"PublishedAt\", \"Description\" FROM \"Projects\" WHERE \"Id\" = {id}"))[0];
        Assert.Contains(project[0], new[] { "1", "True" });
        Assert.Equal("null", project[1]);
        Assert.StartsWith("Template made from 'Apollo'.", project[2], StringComparison.Ordinal);
        Assert.Equal(3, await Sql.CountAsync("Tasks", $"\"ProjectId\" = {id}"));
        Assert.Equal(3, await Sql.CountAsync("Tasks", $"\"ProjectId\" = {id} AND NOT \"Done\""));
        Assert.Equal(0, await Sql.CountAsync("Comments", $"\"WorkItemId\" IN (SELECT \"Id\" FROM \"Tasks\" WHERE \"ProjectId\" = {id})"));
        Assert.Equal(2, await Sql.CountAsync("Attachments", $"\"ProjectId\" = {id}"));
    }

    [Fact]
    public async Task A_clone_that_rolls_back_removes_the_files_its_hook_copied()
    {
        using var ada = new DemoClient(App, "ada");
        await RefuseAttachmentInsertsAsync();
        try
        {
            var before = await Sql.FingerprintAsync();
            var files = Directory.GetFiles(App.BlobFolder).Order().ToList();

            using var response = await ada.PostFormAsync("/Projects/Details/1", "/Projects/Details/1?handler=Duplicate");

            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/Projects/Details/1", response.Headers.Location?.OriginalString);
            Assert.Contains("could not be duplicated, nothing was saved", await ada.GetPageAsync("/Projects/Details/1"), StringComparison.Ordinal);
            Assert.Equal(before, await Sql.FingerprintAsync());
            Assert.Equal(files, Directory.GetFiles(App.BlobFolder).Order().ToList());
        }
        finally
        {
            await AllowAttachmentInsertsAsync();
        }
    }

    [Fact]
    public async Task Background_duplicate_of_the_large_aggregate_copies_every_row_in_set_mode()
    {
        using var ada = new DemoClient(App, "ada");
        var tasks = await Sql.CountAsync("Tasks", "\"ProjectId\" = 3");

        using var response = await ada.PostFormAsync("/Projects/Details/3", "/Projects/Details/3?handler=Background");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var job = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/jobs/", job, StringComparison.Ordinal);

        var status = await JobStatus.WaitAsync(ada, job, s => s.IsFinished);
        Assert.Equal("Completed", status.Status);
        Assert.Equal(tasks, await Sql.CountAsync("Tasks", $"\"ProjectId\" = {status.CopyId}"));
        Assert.Equal(tasks * 3, await Sql.CountAsync("Comments", $"\"WorkItemId\" IN (SELECT \"Id\" FROM \"Tasks\" WHERE \"ProjectId\" = {status.CopyId})"));
        Assert.Equal(1 + (tasks * 4), status.RowsDone);
        Assert.StartsWith("Atlas (copy", status.CopyName, StringComparison.Ordinal);
    }

    /// <summary>A trigger that makes the database refuse new attachment rows, so that a clone fails after its hook copied the files.</summary>
    protected abstract Task RefuseAttachmentInsertsAsync();

    protected abstract Task AllowAttachmentInsertsAsync();

    private static async Task<int> DuplicateApolloAsync(DemoClient ada)
    {
        using var response = await ada.PostFormAsync("/Projects/Details/1", "/Projects/Details/1?handler=Duplicate");
        return CopyId(response);
    }

    private static int CopyId(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/Projects/Details/", location, StringComparison.Ordinal);
        return int.Parse(location["/Projects/Details/".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
