using System.Text.Json;
using EFCore.Cloning.Tool.Tests.Infrastructure;
using PostgresServer = EFCore.Cloning.Tests.Infrastructure.PostgresServer;

namespace EFCore.Cloning.Tool.Tests;

/// <summary>
/// The support copy: a customer's records of the rentals sample copied into an empty database of the same schema,
/// with the rows they point at (--with-parents) and personal data masked; checked in SQL on both sides.
/// </summary>
public sealed class RentalsCopyToolTests : IAsyncLifetime
{
    private string _source = "";
    private string _target = "";

    public async Task InitializeAsync()
    {
        _source = await Rentals.CreatePostgresAsync();
        _target = await Rentals.CreatePostgresAsync(withRows: false);
    }

    public async Task DisposeAsync()
    {
        await PostgresServer.DropDatabaseAsync(_source);
        await PostgresServer.DropDatabaseAsync(_target);
    }

    private async Task<long> TargetRowsAsync()
        => await Rentals.CountAsync(_target, "SELECT (SELECT count(*) FROM customer) + (SELECT count(*) FROM rental) + (SELECT count(*) FROM payment) + (SELECT count(*) FROM inventory) + (SELECT count(*) FROM film) + (SELECT count(*) FROM staff) + (SELECT count(*) FROM language)");

    [Fact]
    public async Task Without_parents_the_copy_names_the_missing_rows_and_writes_nothing()
    {
        var (code, _, error) = await Efclone.RunAsync("copy", _source, _target, "customer", "--id", "3", "--include", "rental,payment");

        Assert.Equal(1, code);
        Assert.Contains("The target has no 'inventory' row with inventory_id = 3, 13, 23", error);
        Assert.Contains("--with-parents", error);
        Assert.Equal(0, await TargetRowsAsync());
    }

    [Fact]
    public async Task A_customer_copies_into_an_empty_database_with_its_parents_and_masked_personal_data()
    {
        var (code, output, error) = await Efclone.RunAsync("copy", _source, _target, "customer", "--id", "3", "--include", "rental,payment", "--with-parents",
            "--mask", "customer.email=email", "--mask", "customer.phone=phone", "--mask", "customer.last_name=name", "--mask", "staff.email=email", "--json");

        Assert.True(code == 0, error + output);
        using (var report = JsonDocument.Parse(output))
        {
            var parents = report.RootElement.GetProperty("parents");
            Assert.Equal(10, parents.GetProperty("public.inventory").GetInt64());
            Assert.Equal(1, report.RootElement.GetProperty("roots").GetArrayLength());
        }

        // The copy: one customer, its 12 rentals and 12 payments (in their partitions), each payment on a rental of the copy.
        Assert.Equal(1, await Rentals.CountAsync(_target, "SELECT count(*) FROM customer"));
        Assert.Equal(12, await Rentals.CountAsync(_target, "SELECT count(*) FROM rental r JOIN customer c USING (customer_id)"));
        Assert.Equal(12, await Rentals.CountAsync(_target, "SELECT count(*) FROM payment p JOIN rental r ON r.rental_id = p.rental_id AND r.customer_id = p.customer_id"));
        Assert.Equal(3, await Rentals.CountAsync(_target, "SELECT count(DISTINCT tableoid) FROM payment"));

        // Values as they are in the source, keys and masked columns apart.
        foreach (var sql in new[]
                 {
                     "SELECT string_agg(rental_period::text || rental_date::text || last_update::text || inventory_id || '/' || staff_id, ',' ORDER BY rental_period) FROM rental",
                     "SELECT string_agg(amount::text || payment_date::text, ',' ORDER BY payment_date) FROM payment",
                     "SELECT string_agg(inventory_id || '/' || film_id || '/' || last_update::text, ',' ORDER BY inventory_id) FROM inventory",
                     "SELECT string_agg(film_id || title || rating::text || coalesce(special_features::text, '-') || release_year || fulltext::text, ',' ORDER BY film_id) FROM film",
                     "SELECT string_agg(language_id || name, ',' ORDER BY language_id) FROM language",
                 })
        {
            var selection = sql.Contains("FROM rental", StringComparison.Ordinal) || sql.Contains("FROM payment", StringComparison.Ordinal)
                ? sql + " WHERE customer_id = 3"
                : sql.Replace("FROM inventory", "FROM inventory WHERE inventory_id IN (SELECT inventory_id FROM rental WHERE customer_id = 3)", StringComparison.Ordinal)
                    .Replace("FROM film", "FROM film WHERE film_id IN (SELECT film_id FROM inventory JOIN rental USING (inventory_id) WHERE customer_id = 3)", StringComparison.Ordinal)
                    .Replace("FROM language", "FROM language WHERE language_id IN (SELECT language_id FROM film JOIN inventory USING (film_id) JOIN rental USING (inventory_id) WHERE customer_id = 3)", StringComparison.Ordinal);
            Assert.Equal(await Rentals.ScalarAsync(_source, selection), await Rentals.ScalarAsync(_target, sql));
        }

        Assert.Equal("First3|2020-02-14|true|true", await Rentals.ScalarAsync(_target,
            "SELECT first_name || '|' || create_date || '|' || (preferences -> 'genres' ? 'Action') || '|' || activebool FROM customer"));
        Assert.Equal(1, await Rentals.CountAsync(_target,
            "SELECT count(*) FROM customer WHERE email LIKE 'user-%@example.invalid' AND phone LIKE '+1-555-%' AND phone <> '+1-555-0103' AND last_name <> 'Last3'"));
        Assert.Equal(0, await Rentals.CountAsync(_target, "SELECT count(*) FROM staff WHERE email LIKE '%@example.com'"));
        Assert.Equal("customer3@example.com", await Rentals.ScalarAsync(_source, "SELECT email FROM customer WHERE customer_id = 3"));

        // Parents kept their keys; the target's sequences moved past them, so that its own inserts still work.
        var film = await Rentals.ScalarAsync(_target, "INSERT INTO film (title, language_id) VALUES ('After the copy', 1) RETURNING film_id");
        Assert.True(Convert.ToInt64(film) > await Rentals.CountAsync(_target, "SELECT max(film_id) FROM film WHERE title <> 'After the copy'"));

        // A second customer: the parents already there are used, the missing ones brought.
        (code, output, error) = await Efclone.RunAsync("copy", _source, _target, "customer", "--id", "4", "--include", "rental,payment", "--with-parents", "--mask", "customer.email=email");
        Assert.True(code == 0, error + output);
        Assert.Equal(2, await Rentals.CountAsync(_target, "SELECT count(*) FROM customer"));
        Assert.Equal(24, await Rentals.CountAsync(_target, "SELECT count(*) FROM payment"));
        Assert.Equal(await Rentals.CountAsync(_source, "SELECT count(DISTINCT staff_id) FROM rental WHERE customer_id IN (3, 4)"), await Rentals.CountAsync(_target, "SELECT count(*) FROM staff"));
    }
}
