using Microsoft.Data.Sqlite;
using Npgsql;

namespace EFCore.Cloning.Tool.Tests.Infrastructure;

/// <summary>Loads the Chinook sample database (shared/data/chinook, beside the repository) into SQLite or PostgreSQL.</summary>
public static class Chinook
{
    public static string Folder
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "EFCore.Cloning.sln")))
            {
                directory = directory.Parent;
            }

            return Path.GetFullPath(Path.Combine(directory!.FullName, "..", "shared", "data", "chinook"));
        }
    }

    /// <summary>Every table, dependents before the tables they point at (the order to delete rows in).</summary>
    public static readonly string[] Tables = ["InvoiceLine", "Invoice", "PlaylistTrack", "Playlist", "Track", "Album", "Artist", "Customer", "Employee", "Genre", "MediaType"];

    /// <summary>A new SQLite file with Chinook; returns its path.</summary>
    public static async Task<string> CreateSqliteAsync()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("chinook-").FullName, "chinook.db");
        var script = await File.ReadAllTextAsync(Path.Combine(Folder, "Chinook_Sqlite_AutoIncrementPKs.sql"));
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = script;
        await command.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
        return path;
    }

    /// <summary>A new PostgreSQL database with Chinook from <paramref name="script"/> (identity or serial keys); returns its connection string.</summary>
    public static async Task<string> CreatePostgresAsync(string script)
    {
        var connectionString = await EFCore.Cloning.Tests.Infrastructure.PostgresServer.CreateDatabaseAsync("chinook");
        var text = await File.ReadAllTextAsync(Path.Combine(Folder, script));

        // The script starts by dropping, creating and connecting to its own database (psql's \c): we run the rest in ours.
        var start = text.IndexOf("CREATE TABLE", StringComparison.Ordinal);
        text = text[start..];
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(text, connection) { CommandTimeout = 300 };
        await command.ExecuteNonQueryAsync();
        return connectionString;
    }
}
