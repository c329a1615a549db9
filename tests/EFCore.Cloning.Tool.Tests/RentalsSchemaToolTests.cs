using EFCore.Cloning.Tool.Tests.Infrastructure;

namespace EFCore.Cloning.Tool.Tests;

/// <summary>
/// efclone on the rentals sample (PostgreSQL, Pagila's shape), each a case a real dump showed: sequences not owned
/// by their column, enum columns, a partitioned table, values reset without being asked, types only PostgreSQL parses,
/// a join table with data of its own under --aggregate. Checked in SQL afterwards.
/// </summary>
public sealed class RentalsSchemaToolTests : RentalsDatabase
{
    [Fact]
    public async Task Keys_come_from_a_sequence_that_is_not_owned_by_its_column()
    {
        Assert.Null(await Rentals.ScalarAsync(Db, "SELECT pg_get_serial_sequence('actor', 'actor_id')"));

        var (code, output, error) = await Efclone.RunAsync("clone", Db, "actor", "--id", "1");

        Assert.True(code == 0, error + output);
        Assert.Equal(21, await Rentals.CountAsync(Db, "SELECT max(actor_id) FROM actor"));
        Assert.Equal(21, await Rentals.CountAsync(Db, "SELECT last_value FROM actor_actor_id_seq"));
        Assert.Equal(1, await Rentals.CountAsync(Db, "SELECT count(*) FROM actor WHERE actor_id = 21 AND first_name = 'Actor1'"));
    }

    [Fact]
    public async Task Enum_columns_are_copied_and_can_be_set()
    {
        var (code, output, error) = await Efclone.RunAsync("clone", Db, "film", "--id", "2");
        Assert.True(code == 0, error + output);
        Assert.Equal("PG-13", await Rentals.ScalarAsync(Db, "SELECT rating::text FROM film WHERE film_id = 51"));

        (code, output, error) = await Efclone.RunAsync("clone", Db, "film", "--id", "2", "--set", "rating=R", "--set", "special_features={Commentaries}", "--set", "release_year=1999");
        Assert.True(code == 0, error + output);
        Assert.Equal("R|{Commentaries}|1999", await Rentals.ScalarAsync(Db, "SELECT rating::text || '|' || special_features::text || '|' || release_year FROM film WHERE film_id = 52"));
        Assert.Equal("PG-13", await Rentals.ScalarAsync(Db, "SELECT rating::text FROM film WHERE film_id = 2"));
    }

    [Fact]
    public async Task Set_values_reach_jsonb_domain_and_citext_columns_in_their_own_types()
    {
        var (code, output, error) = await Efclone.RunAsync("clone", Db, "customer", "--id", "5", "--set", "preferences={\"newsletter\": true}", "--set", "email=new@example.com");
        Assert.True(code == 0, error + output);
        Assert.Equal("true|new@example.com", await Rentals.ScalarAsync(Db, "SELECT (preferences -> 'newsletter')::text || '|' || email FROM customer WHERE customer_id = 11"));

        (code, output, error) = await Efclone.RunAsync("clone", Db, "staff", "--id", "2", "--set", "username=Jonny");
        Assert.True(code == 0, error + output);
        Assert.Equal(1, await Rentals.CountAsync(Db, "SELECT count(*) FROM staff WHERE username = 'JONNY' AND staff_id = 3"));
    }

    [Fact]
    public async Task A_partitioned_table_is_one_table_and_its_rows_land_in_the_right_partitions()
    {
        var (code, output, error) = await Efclone.RunAsync("plan", Db, "customer", "--id", "1", "--include", "rental,payment");
        Assert.True(code == 0, error + output);
        Assert.Contains("payment via payment: clone, 12 row(s)", output);
        Assert.DoesNotContain("payment_p2022", output);

        (code, _, error) = await Efclone.RunAsync("clone", Db, "customer", "--id", "1", "--include", "payment_p2022_03");
        Assert.Equal(2, code);
        Assert.Contains("there is no table 'payment_p2022_03'", error);

        (code, output, error) = await Efclone.RunAsync("clone", Db, "customer", "--id", "1", "--include", "rental,payment");
        Assert.True(code == 0, error + output);
        Assert.Equal("payment_p2022_01:4 payment_p2022_02:4 payment_p2022_03:4", await Rentals.ScalarAsync(Db,
            "SELECT string_agg(p || ':' || n, ' ' ORDER BY p) FROM (SELECT tableoid::regclass::text AS p, count(*) AS n FROM payment WHERE customer_id = 11 GROUP BY 1) x"));

        // Every payment of the copy points at a rental of the copy.
        Assert.Equal(12, await Rentals.CountAsync(Db, "SELECT count(*) FROM payment p JOIN rental r ON r.rental_id = p.rental_id WHERE p.customer_id = 11 AND r.customer_id = 11"));
    }

    [Fact]
    public async Task A_table_without_a_primary_key_is_named_not_skipped_in_silence()
    {
        await Rentals.ExecuteAsync(Db, "CREATE TABLE audit_log (customer_id integer NOT NULL REFERENCES customer, note text); INSERT INTO audit_log VALUES (1, 'called')");

        var (code, output, error) = await Efclone.RunAsync("plan", Db, "customer", "--id", "1");
        Assert.True(code == 0, error + output);
        Assert.Contains("audit_log: has no primary key, so its rows that point at customer are not copied", output);

        (code, _, error) = await Efclone.RunAsync("clone", Db, "customer", "--id", "1", "--include", "audit_log");
        Assert.Equal(2, code);
        Assert.Contains("the table 'audit_log' has no primary key", error);
    }

    [Fact]
    public async Task Clone_keeps_values_with_volatile_defaults_unless_asked_for_fresh_ones()
    {
        var (code, output, error) = await Efclone.RunAsync("clone", Db, "customer", "--id", "1", "--include", "rental");
        Assert.True(code == 0, error + output);
        Assert.Equal(12, await Rentals.CountAsync(Db,
            "SELECT count(*) FROM rental c JOIN rental o ON o.rental_period = c.rental_period AND o.rental_date = c.rental_date AND o.last_update = c.last_update AND o.customer_id = 1 WHERE c.customer_id = 11"));
        Assert.Equal(1, await Rentals.CountAsync(Db, "SELECT count(*) FROM customer WHERE customer_id = 11 AND create_date = DATE '2020-02-14' AND last_update < '2021-01-01'"));

        (code, output, error) = await Efclone.RunAsync("plan", Db, "customer", "--id", "1", "--include", "rental", "--fresh-defaults", "--reset", "rental.rental_period");
        Assert.Equal(2, code);
        Assert.Contains("--reset rental.rental_period: 'rental.rental_period' is NOT NULL and has no default", error);

        (code, output, error) = await Efclone.RunAsync("plan", Db, "customer", "--id", "1", "--include", "rental", "--fresh-defaults");
        Assert.True(code == 0, error + output);
        Assert.Contains("rental.rental_date: fresh default now() (--fresh-defaults", output);
        Assert.Contains("customer.customer_id: new key, from the sequence customer_customer_id_seq", output);

        (code, output, error) = await Efclone.RunAsync("clone", Db, "customer", "--id", "1", "--include", "rental", "--fresh-defaults");
        Assert.True(code == 0, error + output);
        Assert.Equal(12, await Rentals.CountAsync(Db, "SELECT count(*) FROM rental WHERE customer_id = 12 AND rental_date > '2024-01-01' AND last_update > '2024-01-01'"));
        Assert.Equal(12, await Rentals.CountAsync(Db, "SELECT count(*) FROM rental WHERE customer_id = 12 AND lower(rental_period) < '2023-01-01'"));
    }

    [Fact]
    public async Task Aggregate_does_not_attach_a_copy_to_rows_of_another_aggregate()
    {
        var before = await Rentals.CountAsync(Db, "SELECT count(*) FROM film_category");
        var (code, output, error) = await Efclone.RunAsync("plan", Db, "category", "--id", "2", "--aggregate");
        Assert.True(code == 0, error + output);
        Assert.DoesNotContain("film_category via", output);
        Assert.Contains("film_category: not cloned by --aggregate", output);

        (code, output, error) = await Efclone.RunAsync("clone", Db, "category", "--id", "2", "--aggregate");
        Assert.True(code == 0, error + output);
        Assert.Equal(before, await Rentals.CountAsync(Db, "SELECT count(*) FROM film_category"));

        // A join table with a column of its own is not a pure link either.
        (code, output, error) = await Efclone.RunAsync("plan", Db, "film", "--id", "1", "--aggregate");
        Assert.True(code == 0, error + output);
        Assert.DoesNotContain("film_actor via film_actor: link", output);
        Assert.Contains("film_award via film_award: clone, 2 row(s)", output);
    }

    [Fact]
    public async Task Copy_from_sqlite_sends_jsonb_ranges_arrays_and_enums_in_the_target_column_types()
    {
        var source = Path.Combine(Directory.CreateTempSubdirectory("rentals-").FullName, "rentals.db");
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={source};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE customer (customer_id INTEGER PRIMARY KEY, store_id INTEGER NOT NULL, first_name TEXT NOT NULL, last_name TEXT NOT NULL,
                    email TEXT, phone TEXT, activebool INTEGER NOT NULL, create_date TEXT NOT NULL DEFAULT CURRENT_DATE, preferences jsonb, last_update TEXT);
                CREATE TABLE rental (rental_id INTEGER PRIMARY KEY, rental_date TEXT NOT NULL, rental_period tsrange NOT NULL, inventory_id INTEGER NOT NULL,
                    customer_id INTEGER NOT NULL REFERENCES customer (customer_id) ON DELETE CASCADE, staff_id INTEGER NOT NULL, last_update TEXT NOT NULL);
                CREATE TABLE film (film_id INTEGER PRIMARY KEY, title TEXT NOT NULL, description TEXT, release_year INTEGER, language_id INTEGER NOT NULL,
                    rental_duration INTEGER NOT NULL, rental_rate NUMERIC NOT NULL, length INTEGER, rating TEXT, special_features TEXT, last_update TEXT NOT NULL);
                INSERT INTO customer VALUES (1, 1, 'Ada', 'Lovelace', 'ada@example.com', NULL, 1, '2020-02-14', '{"newsletter": true}', '2020-02-15 09:57:20');
                INSERT INTO rental VALUES (1, '2022-05-01 10:00:00', '["2022-05-01 10:00:00","2022-05-03 10:00:00")', 7, 1, 2, '2022-05-01 10:00:00');
                INSERT INTO film VALUES (1, 'Imported', NULL, 2001, 2, 3, 2.99, 90, 'NC-17', '{Trailers,Commentaries}', '2020-02-15 09:57:20');
                """;
            await command.ExecuteNonQueryAsync();
        }

        try
        {
            var (code, output, error) = await Efclone.RunAsync("copy", source, Db, "customer", "--id", "1", "--include", "rental");
            Assert.True(code == 0, error + output);
            Assert.Equal("true", await Rentals.ScalarAsync(Db, "SELECT (preferences -> 'newsletter')::text FROM customer WHERE first_name = 'Ada'"));
            Assert.Equal(2, await Rentals.CountAsync(Db, "SELECT extract(day FROM upper(r.rental_period) - lower(r.rental_period))::int8 FROM rental r JOIN customer c USING (customer_id) WHERE c.first_name = 'Ada'"));

            (code, output, error) = await Efclone.RunAsync("copy", source, Db, "film", "--id", "1");
            Assert.True(code == 0, error + output);
            Assert.Equal("NC-17 {Trailers,Commentaries}", await Rentals.ScalarAsync(Db, "SELECT rating::text || ' ' || special_features::text FROM film WHERE title = 'Imported'"));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(Path.GetDirectoryName(source)!, recursive: true);
        }
    }
}
