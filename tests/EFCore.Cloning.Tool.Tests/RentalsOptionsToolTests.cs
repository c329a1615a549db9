using System.Text.Json;
using EFCore.Cloning.Tool.Tests.Infrastructure;

namespace EFCore.Cloning.Tool.Tests;

/// <summary>
/// Options on the rentals sample: refused with exit 2 when they cannot take effect, composite keys, errors in the
/// tool's own words (PostgreSQL's detail included), masks while cloning, plan files and virtual foreign keys.
/// </summary>
public sealed class RentalsOptionsToolTests : RentalsDatabase
{
    private Task<long> RowsAsync() => Rentals.CountAsync(Db, "SELECT (SELECT count(*) FROM film) + (SELECT count(*) FROM rental) + (SELECT count(*) FROM payment) + (SELECT count(*) FROM staff)");

    [Theory]
    [InlineData("set on a generated column", "--set fulltext", "is a generated column")]
    [InlineData("include with no path", "--include staff", "no row of the copy leads to 'staff'")]
    [InlineData("skip of a required reference", "--skip staff", "rental.staff_id is a required reference")]
    [InlineData("id matching no row", "--id 999", "no row of 'rental' has rental_id = 999")]
    [InlineData("set on a table not copied", "--set film.title", "the copy has no rows of 'film'")]
    [InlineData("id of a composite key with one value", "--id 2", "has 2 columns (actor_id, film_id)")]
    public async Task Options_that_cannot_take_effect_are_refused_naming_the_option(string mistake, string option, string expected)
    {
        var before = await RowsAsync();
        string[] args = mistake switch
        {
            "set on a generated column" => ["clone", Db, "film", "--id", "1", "--set", "fulltext=x"],
            "include with no path" => ["clone", Db, "film", "--id", "1", "--include", "staff"],
            "skip of a required reference" => ["clone", Db, "rental", "--id", "1", "--skip", "staff"],
            "id matching no row" => ["clone", Db, "rental", "--id", "999"],
            "set on a table not copied" => ["clone", Db, "rental", "--id", "1", "--set", "film.title=x"],
            _ => ["clone", Db, "film_actor", "--id", "2", "--set", "film_id=10"],
        };

        var (code, _, error) = await Efclone.RunAsync(args);

        Assert.Equal(2, code);
        Assert.Contains(option, error);
        Assert.Contains(expected, error);
        Assert.Equal(before, await RowsAsync());
    }

    [Fact]
    public async Task Plan_shows_its_tree_and_lists_every_option_that_cannot_take_effect()
    {
        var (code, output, error) = await Efclone.RunAsync("plan", Db, "rental", "--id", "1", "--include", "staff,payment", "--skip", "staff", "--set", "film.title=x");

        Assert.Equal(2, code);
        Assert.Contains("payment via payment: clone, 1 row(s)", output);
        Assert.Contains("--include staff: no row of the copy leads to 'staff'", error);
        Assert.Contains("--skip staff: rental.staff_id is a required reference", error);
        Assert.Contains("--set film.title=x: the copy has no rows of 'film'", error);
        Assert.DoesNotContain("nothing was written", error);
    }

    [Fact]
    public async Task Skip_of_an_optional_reference_sets_it_to_null_on_the_copies()
    {
        var (code, output, error) = await Efclone.RunAsync("clone", Db, "payment", "--id", "5", "--skip", "rental");
        Assert.True(code == 0, error + output);
        Assert.Equal(1, await Rentals.CountAsync(Db, "SELECT count(*) FROM payment WHERE payment_id = 121 AND rental_id IS NULL AND customer_id = 6"));
        Assert.Equal(5, await Rentals.CountAsync(Db, "SELECT rental_id FROM payment WHERE payment_id = 5"));
    }

    [Fact]
    public async Task Id_takes_a_composite_key()
    {
        var (code, output, error) = await Efclone.RunAsync("clone", Db, "film_actor", "--id", "2,1", "--set", "film_id=10");
        Assert.True(code == 0, error + output);
        Assert.Equal(1, await Rentals.CountAsync(Db, "SELECT count(*) FROM film_actor WHERE actor_id = 2 AND film_id = 10"));
    }

    [Fact]
    public async Task Errors_speak_the_tool_options_and_show_postgres_detail()
    {
        var (code, _, error) = await Efclone.RunAsync("clone", Db, "film_award", "--id", "1");
        Assert.Equal(2, code);
        Assert.Contains("--set film_award.position=...", error);
        Assert.DoesNotContain("Set(e =>", error);

        (code, _, error) = await Efclone.RunAsync("plan", Db, "film", "--where", "nosuch = 1");
        Assert.Equal(1, code);
        Assert.Contains("the database refused the query", error);
        Assert.DoesNotContain("nothing was written", error);

        // The connection string does not ask for error detail; the tool does.
        Assert.False(new Npgsql.NpgsqlConnectionStringBuilder(Db).IncludeErrorDetail);
        (code, _, error) = await Efclone.RunAsync("clone", Db, "staff", "--id", "1", "--set", "username=JON");
        Assert.Equal(1, code);
        Assert.Contains("Key (username)=(JON) already exists", error);
        Assert.DoesNotContain("redacted", error);
    }

    [Fact]
    public async Task Clone_masks_values_deterministically_and_lists_the_masks()
    {
        var (code, output, error) = await Efclone.RunAsync("clone", Db, "customer", "--id", "2", "--include", "rental",
            "--mask", "customer.email=email", "--mask", "customer.phone=null", "--mask", "customer.last_name=name", "--mask", "customer.first_name=constant:Anon", "--json");
        Assert.True(code == 0, error + output);
        using (var report = JsonDocument.Parse(output))
        {
            Assert.Equal(4, report.RootElement.GetProperty("masks").GetArrayLength());
            Assert.Equal(12, report.RootElement.GetProperty("tables").GetProperty("public.rental").GetInt64());
        }

        Assert.Equal(1, await Rentals.CountAsync(Db,
            "SELECT count(*) FROM customer WHERE customer_id = 11 AND email LIKE 'user-%@example.invalid' AND phone IS NULL AND first_name = 'Anon' AND last_name <> 'Last2' AND store_id = 1"));
        Assert.Equal(12, await Rentals.CountAsync(Db, "SELECT count(*) FROM rental WHERE customer_id = 11"));
        Assert.Equal("customer2@example.com", await Rentals.ScalarAsync(Db, "SELECT email FROM customer WHERE customer_id = 2"));

        // The same original gives the same masked value.
        (code, output, error) = await Efclone.RunAsync("clone", Db, "customer", "--id", "2", "--mask", "customer.email=email", "--mask", "customer.last_name=name");
        Assert.True(code == 0, error + output);
        Assert.Equal(1, await Rentals.CountAsync(Db, "SELECT count(DISTINCT email || last_name) FROM customer WHERE customer_id IN (11, 12)"));

        (code, output, error) = await Efclone.RunAsync("plan", Db, "customer", "--id", "2", "--mask", "customer.email=email");
        Assert.True(code == 0, error + output);
        Assert.Contains("customer.email: masked: email (--mask)", output);
    }

    [Fact]
    public async Task A_saved_plan_with_a_virtual_foreign_key_runs_again()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("plan-").FullName, "plan.json");
        var (code, _, error) = await Efclone.RunAsync("plan", Db, "customer", "--id", "4", "--include", "customer_note");
        Assert.Equal(2, code);
        Assert.Contains("--include customer_note", error);

        (code, var output, error) = await Efclone.RunAsync("plan", Db, "customer", "--id", "4", "--include", "customer_note",
            "--fk", "customer_note.customer_ref -> customer.customer_id", "--mask", "customer.email=email", "--set", "store_id=2", "--save", path);
        Assert.True(code == 0, error + output);
        Assert.Contains("customer_note via customer_note: clone, 3 row(s)", output);
        using (var file = JsonDocument.Parse(await File.ReadAllTextAsync(path)))
        {
            var request = file.RootElement.GetProperty("request");
            Assert.Equal("customer", request.GetProperty("table").GetString());
            Assert.Equal("customer_note.customer_ref -> customer.customer_id", request.GetProperty("foreignKeys")[0].GetString());
            Assert.Equal("customer.email=email", request.GetProperty("mask")[0].GetString());
        }

        (code, output, error) = await Efclone.RunAsync("clone", Db, "--plan", path);
        Assert.True(code == 0, error + output);
        Assert.Equal(3, await Rentals.CountAsync(Db, "SELECT count(*) FROM customer_note n JOIN customer c ON c.customer_id = n.customer_ref WHERE c.customer_id = 11 AND c.store_id = 2 AND c.email LIKE 'user-%'"));
        Assert.Equal(3, await Rentals.CountAsync(Db, "SELECT count(*) FROM customer_note WHERE customer_ref = 4"));
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }
}
