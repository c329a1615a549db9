using EFCore.Cloning.Tool.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using PostgresServer = EFCore.Cloning.Tests.Infrastructure.PostgresServer;

namespace EFCore.Cloning.Tool.Tests;

/// <summary>
/// The rentals sample on SQLite, for the cases SQLite has (generated columns, CURRENT_TIMESTAMP defaults, rows of two
/// aggregates, composite keys, unique indexes), and its customer copied into the empty PostgreSQL sample: text becomes
/// enums, ranges, arrays, jsonb, domains and citext there.
/// </summary>
public sealed class RentalsSqliteToolTests : IAsyncLifetime
{
    private readonly List<string> _files = [];
    private string _db = "";

    public async Task InitializeAsync()
    {
        _db = await Rentals.CreateSqliteAsync();
        _files.Add(_db);
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in _files)
        {
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task Options_that_cannot_take_effect_are_refused_and_advice_names_the_right_column()
    {
        var (code, _, error) = await Efclone.RunAsync("clone", _db, "film", "--id", "1", "--set", "fulltext=x");
        Assert.Equal(2, code);
        Assert.Contains("--set fulltext: 'film.fulltext' is a generated column", error);

        (code, _, error) = await Efclone.RunAsync("clone", _db, "film_award", "--id", "1");
        Assert.Equal(2, code);
        Assert.Contains("--set film_award.position=...", error);

        (code, var output, error) = await Efclone.RunAsync("clone", _db, "film_award", "--id", "1", "--set", "position=3");
        Assert.True(code == 0, error + output);
        Assert.Equal(11, await ScalarAsync(_db, "SELECT count(*) FROM film_award"));
    }

    [Fact]
    public async Task Values_are_kept_rows_of_two_aggregates_left_out_and_composite_keys_taken()
    {
        var (code, output, error) = await Efclone.RunAsync("clone", _db, "customer", "--id", "1", "--include", "rental");
        Assert.True(code == 0, error + output);
        Assert.Equal(12, await ScalarAsync(_db,
            "SELECT count(*) FROM rental c JOIN rental o ON o.rental_period = c.rental_period AND o.rental_date = c.rental_date AND o.last_update = c.last_update AND o.customer_id = 1 WHERE c.customer_id = 11"));

        var links = await ScalarAsync(_db, "SELECT count(*) FROM film_category");
        (code, output, error) = await Efclone.RunAsync("clone", _db, "category", "--id", "2", "--aggregate");
        Assert.True(code == 0, error + output);
        Assert.Equal(links, await ScalarAsync(_db, "SELECT count(*) FROM film_category"));

        (code, output, error) = await Efclone.RunAsync("clone", _db, "film_actor", "--id", "2,1", "--set", "film_id=10");
        Assert.True(code == 0, error + output);
        Assert.Equal(1, await ScalarAsync(_db, "SELECT count(*) FROM film_actor WHERE actor_id = 2 AND film_id = 10"));
    }

    [Fact]
    public async Task A_customer_copies_into_an_empty_sqlite_database_with_its_parents()
    {
        var target = await Rentals.CreateSqliteAsync(withRows: false);
        _files.Add(target);
        var (code, output, error) = await Efclone.RunAsync("copy", _db, target, "customer", "--id", "3", "--include", "rental,payment", "--with-parents", "--mask", "customer.email=email");

        Assert.True(code == 0, error + output);
        Assert.Equal(12, await ScalarAsync(target, "SELECT count(*) FROM payment p JOIN rental r ON r.rental_id = p.rental_id JOIN customer c ON c.customer_id = r.customer_id WHERE c.email LIKE 'user-%'"));
        Assert.Equal(10, await ScalarAsync(target, "SELECT count(*) FROM inventory i JOIN film f ON f.film_id = i.film_id JOIN language l ON l.language_id = f.language_id"));
        Assert.Equal(0, await ScalarAsync(target, "SELECT count(*) FROM pragma_foreign_key_check"));
    }

    [Fact]
    public async Task A_customer_copies_from_sqlite_into_the_empty_postgres_sample_in_its_column_types()
    {
        var target = await Rentals.CreatePostgresAsync(withRows: false);
        try
        {
            var (code, output, error) = await Efclone.RunAsync("copy", _db, target, "customer", "--id", "3", "--include", "rental,payment", "--with-parents",
                "--mask", "customer.email=email", "--mask", "customer.phone=phone");
            Assert.True(code == 0, error + output);
            Assert.Equal("false|2020-02-14|true", await Rentals.ScalarAsync(target, "SELECT (preferences -> 'newsletter')::text || '|' || create_date || '|' || activebool FROM customer"));
            Assert.Equal(12, await Rentals.CountAsync(target, "SELECT count(*) FROM rental WHERE upper(rental_period) - lower(rental_period) = interval '3 days' AND rental_date = lower(rental_period)"));
            Assert.Equal(3, await Rentals.CountAsync(target, "SELECT count(DISTINCT tableoid) FROM payment"));
            Assert.Equal(5, await Rentals.CountAsync(target, "SELECT count(*) FROM film WHERE rating = 'NC-17' AND release_year IN (2004, 2014) AND fulltext @@ to_tsquery('film')"));
            Assert.Equal(1, await Rentals.CountAsync(target, "SELECT count(*) FROM staff WHERE username = 'MIKE' AND last_update = '2020-02-15 09:57:16+00'"));
            Assert.Equal(1, await Rentals.CountAsync(target, "SELECT count(*) FROM customer WHERE email LIKE 'user-%@example.invalid' AND phone <> '+1-555-0103'"));
        }
        finally
        {
            await PostgresServer.DropDatabaseAsync(target);
        }
    }

    private static async Task<long> ScalarAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
