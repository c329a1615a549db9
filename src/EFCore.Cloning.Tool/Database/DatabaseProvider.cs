using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace EFCore.Cloning.Tool.Database;

/// <summary>A database the tool works on: its provider, connection string, connection factory and SQL helpers.</summary>
internal sealed class DatabaseProvider
{
    private DatabaseProvider(string kind, string connectionString)
    {
        Kind = kind;
        ConnectionString = connectionString;
        var options = new DbContextOptionsBuilder();
        if (kind == Sqlite)
        {
            options.UseSqlite(connectionString);
        }
        else
        {
            options.UseNpgsql(connectionString);
        }

        // A context with no entities only lends the provider's own services (identifier quoting, provider name).
        using var context = new DbContext(options.Options);
        SqlGenerationHelper = context.GetService<ISqlGenerationHelper>();
        ProviderName = context.Database.ProviderName!;
    }

    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    /// <summary><c>sqlite</c> or <c>postgres</c>.</summary>
    public string Kind { get; }

    public string ConnectionString { get; }

    /// <summary>The EF provider's name, which picks the set-mode dialect.</summary>
    public string ProviderName { get; }

    public ISqlGenerationHelper SqlGenerationHelper { get; }

    /// <summary>
    /// The provider from <paramref name="provider"/>, or recognised from the connection string: <c>Host=</c> is
    /// PostgreSQL, <c>Data Source=</c> or a path to a <c>.db</c>/<c>.sqlite</c> file is SQLite.
    /// </summary>
    public static DatabaseProvider Open(string connection, string? provider)
    {
        var kind = provider?.ToLowerInvariant() switch
        {
            null => Recognise(connection),
            "sqlite" => Sqlite,
            "postgres" or "postgresql" or "npgsql" => Postgres,
            _ => throw new ToolException($"--provider '{provider}' is not supported: use 'sqlite' or 'postgres'.", usage: true),
        };

        if (kind == Sqlite && !connection.Contains('=', StringComparison.Ordinal))
        {
            // A bare path is the common way to name a SQLite file.
            connection = new SqliteConnectionStringBuilder { DataSource = connection }.ToString();
        }

        if (kind == Sqlite && new SqliteConnectionStringBuilder(connection).DataSource is { } file
            && file != ":memory:" && !file.StartsWith("file:", StringComparison.Ordinal) && !File.Exists(file))
        {
            throw new ToolException($"The SQLite database '{file}' does not exist.");
        }

        if (kind == Postgres)
        {
            // PostgreSQL's error detail (which key, which row) is the message's most useful part: always asked for.
            connection = new NpgsqlConnectionStringBuilder(connection) { IncludeErrorDetail = true }.ConnectionString;
        }

        return new DatabaseProvider(kind, connection);
    }

    private static string Recognise(string connection)
    {
        var lower = connection.ToLowerInvariant();
        if (lower.Contains("host=", StringComparison.Ordinal) || lower.StartsWith("postgres://", StringComparison.Ordinal) || lower.StartsWith("postgresql://", StringComparison.Ordinal))
        {
            return Postgres;
        }

        if (lower.Contains("data source=", StringComparison.Ordinal) || lower.Contains("filename=", StringComparison.Ordinal)
            || lower.EndsWith(".db", StringComparison.Ordinal) || lower.EndsWith(".sqlite", StringComparison.Ordinal) || lower.EndsWith(".sqlite3", StringComparison.Ordinal))
        {
            return Sqlite;
        }

        throw new ToolException(
            $"Cannot tell which database '{connection}' is: pass --provider sqlite or --provider postgres.", usage: true);
    }

    public DbConnection CreateConnection() => Kind == Sqlite ? new SqliteConnection(ConnectionString) : new NpgsqlConnection(ConnectionString);

    public string Quote(string identifier) => SqlGenerationHelper.DelimitIdentifier(identifier);

    public string Quote(string name, string? schema) => SqlGenerationHelper.DelimitIdentifier(name, schema);
}
