using EFCore.Cloning.Tool.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Npgsql;
using PostgresServer = EFCore.Cloning.Tests.Infrastructure.PostgresServer;

namespace EFCore.Cloning.Tool.Tests;

/// <summary>
/// <c>efclone copy</c> between the pairs the other copy tests leave out: PostgreSQL into SQLite with JSON, GUID, date,
/// decimal, bool and byte[] columns, and PostgreSQL into PostgreSQL between schema-qualified tables, where the target
/// has a table of the same name in another schema too.
/// </summary>
public sealed class CopyPairsToolTests
{
    [Fact]
    public async Task Postgres_rows_of_every_common_type_copy_into_sqlite_as_they_are()
    {
        var source = await PostgresServer.CreateDatabaseAsync("pairsource");
        var target = Path.Combine(Path.GetTempPath(), $"pairs-{Guid.NewGuid():N}.db");
        try
        {
            await PostgresAsync(source, """
                CREATE TABLE items (id serial PRIMARY KEY, uid uuid NOT NULL, taken date NOT NULL, price numeric(10,2) NOT NULL,
                                    ok boolean NOT NULL, data bytea NOT NULL, doc jsonb NOT NULL);
                INSERT INTO items (uid, taken, price, ok, data, doc)
                VALUES ('6f1c7d3e-0000-4000-8000-000000000001', '2024-02-29', 12.50, false, '\x010203', '{"tags": ["a"], "n": 1}');
                """);
            await using (var sqlite = new SqliteConnection($"Data Source={target}"))
            {
                await sqlite.OpenAsync();
                await using var create = sqlite.CreateCommand();
                create.CommandText = """
                    CREATE TABLE items (id INTEGER PRIMARY KEY, uid TEXT NOT NULL, taken TEXT NOT NULL, price NUMERIC NOT NULL,
                                        ok INTEGER NOT NULL, data BLOB NOT NULL, doc TEXT NOT NULL);
                    INSERT INTO items VALUES (1, 'x', '2000-01-01', 0, 1, x'00', '{}');
                    """;
                await create.ExecuteNonQueryAsync();
            }

            var (code, output, error) = await Efclone.RunAsync("copy", source, target, "items", "--id", "1");

            Assert.True(code == 0, error + output);
            await using var check = new SqliteConnection($"Data Source={target}");
            await check.OpenAsync();
            await using var query = check.CreateCommand();
            query.CommandText = "SELECT id, lower(uid), taken, price, ok, hex(data), doc FROM items WHERE id <> 1";
            await using var reader = await query.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal("6f1c7d3e-0000-4000-8000-000000000001", reader.GetString(1));
            Assert.StartsWith("2024-02-29", reader.GetString(2), StringComparison.Ordinal);
            Assert.Equal(12.5m, Convert.ToDecimal(reader.GetValue(3), System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(0L, reader.GetInt64(4));
            Assert.Equal("010203", reader.GetString(5));
            Assert.Contains("\"tags\"", reader.GetString(6), StringComparison.Ordinal);
            Assert.False(await reader.ReadAsync());
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(target);
            await PostgresServer.DropDatabaseAsync(source);
        }
    }

    [Fact]
    public async Task Schema_qualified_tables_copy_into_the_same_schema_of_the_target()
    {
        var source = await PostgresServer.CreateDatabaseAsync("pairschema");
        var target = await PostgresServer.CreateDatabaseAsync("pairschemat");
        try
        {
            const string schema = """
                CREATE SCHEMA shop;
                CREATE TABLE shop.customers (id serial PRIMARY KEY, name text NOT NULL);
                CREATE TABLE shop.orders (id serial PRIMARY KEY, customer_id integer NOT NULL REFERENCES shop.customers (id) ON DELETE CASCADE, total numeric(8,2) NOT NULL);
                """;
            await PostgresAsync(source, schema + """
                INSERT INTO shop.customers (name) VALUES ('Ada');
                INSERT INTO shop.orders (customer_id, total) VALUES (1, 10.00), (1, 20.00);
                """);
            await PostgresAsync(target, schema + "CREATE TABLE public.orders (id serial PRIMARY KEY, note text);");

            var (code, output, error) = await Efclone.RunAsync("copy", source, target, "shop.customers", "--id", "1", "--aggregate");

            Assert.True(code == 0, error + output);
            Assert.Equal(1L, await ScalarAsync(target, "SELECT count(*) FROM shop.customers WHERE name = 'Ada'"));
            Assert.Equal(2L, await ScalarAsync(target, "SELECT count(*) FROM shop.orders o JOIN shop.customers c ON c.id = o.customer_id WHERE c.name = 'Ada'"));
            Assert.Equal(0L, await ScalarAsync(target, "SELECT count(*) FROM public.orders"));
        }
        finally
        {
            await PostgresServer.DropDatabaseAsync(source);
            await PostgresServer.DropDatabaseAsync(target);
        }
    }

    private static async Task PostgresAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>A unique index over <c>lower(name)</c> in a live PostgreSQL database makes the column's unique values case-insensitive.</summary>
public sealed class CaseInsensitiveIndexToolTests
{
    [Fact]
    public async Task A_unique_index_on_lower_name_counts_other_cases_as_taken()
    {
        var database = await PostgresServer.CreateDatabaseAsync("caseindex");
        try
        {
            await using (var connection = new NpgsqlConnection(database))
            {
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand("""
                    CREATE TABLE labels (id serial PRIMARY KEY, name text NOT NULL);
                    CREATE UNIQUE INDEX labels_name_lower ON labels (lower(name));
                    INSERT INTO labels (name) VALUES ('Apollo'), ('APOLLO (COPY)');
                    """, connection);
                await command.ExecuteNonQueryAsync();
            }

            var (code, output, error) = await Efclone.RunAsync("clone", database, "labels", "--id", "1");

            Assert.True(code == 0, error + output);
            await using var check = new NpgsqlConnection(database);
            await check.OpenAsync();
            await using var query = new NpgsqlCommand("SELECT name FROM labels WHERE id > 2", check);
            Assert.Equal("Apollo (copy 2)", (string)(await query.ExecuteScalarAsync())!);
        }
        finally
        {
            await PostgresServer.DropDatabaseAsync(database);
        }
    }
}
