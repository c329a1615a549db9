using Npgsql;

namespace EFCore.Cloning.Tool.Tests.Infrastructure;

/// <summary>
/// The rentals sample (Data/rentals_schema.sql and rentals_data.sql, written for these tests in Pagila's shape):
/// non-owned sequences, an enum, domains, citext, a partitioned table, ranges, arrays, jsonb, generated columns, triggers.
/// </summary>
public static class Rentals
{
    /// <summary>A new PostgreSQL database with the schema, and its rows unless <paramref name="withRows"/> is false.
    /// The connection string does not ask for error detail: efclone must show it by itself.</summary>
    public static async Task<string> CreatePostgresAsync(bool withRows = true)
    {
        var connectionString = await EFCore.Cloning.Tests.Infrastructure.PostgresServer.CreateDatabaseAsync("rentals");
        connectionString = new NpgsqlConnectionStringBuilder(connectionString) { IncludeErrorDetail = false }.ConnectionString;
        await ExecuteAsync(connectionString, await ScriptAsync("rentals_schema.sql"));
        if (withRows)
        {
            await ExecuteAsync(connectionString, await ScriptAsync("rentals_data.sql"));
        }

        return connectionString;
    }

    /// <summary>A new SQLite file with the sample (rentals_sqlite_schema.sql, and its rows unless <paramref name="withRows"/> is false); returns its path.</summary>
    public static async Task<string> CreateSqliteAsync(bool withRows = true)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("rentals-").FullName, "rentals.db");
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = await ScriptAsync("rentals_sqlite_schema.sql") + (withRows ? await ScriptAsync("rentals_sqlite_data.sql") : string.Empty);
        await command.ExecuteNonQueryAsync();
        return path;
    }

    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? null : value;
    }

    public static async Task<long> CountAsync(string connectionString, string sql)
        => Convert.ToInt64(await ScalarAsync(connectionString, sql));

    private static Task<string> ScriptAsync(string name) => File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Data", name));
}

/// <summary>A test class with its own rentals database, made before each test and dropped after it.</summary>
public abstract class RentalsDatabase : IAsyncLifetime
{
    /// <summary>The database's connection string (without error detail asked for).</summary>
    protected string Db { get; private set; } = "";

    public async Task InitializeAsync() => Db = await Rentals.CreatePostgresAsync();

    public Task DisposeAsync() => EFCore.Cloning.Tests.Infrastructure.PostgresServer.DropDatabaseAsync(Db);
}
