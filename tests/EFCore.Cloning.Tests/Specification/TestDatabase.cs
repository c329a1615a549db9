using EFCore.Cloning.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Tests.Specification;

/// <summary>A fresh database of one provider for one test, and contexts on it.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private TestDatabase(string provider, string connectionString)
    {
        Provider = provider;
        ConnectionString = connectionString;
    }

    public string Provider { get; }

    public string ConnectionString { get; }

    public bool IsPostgres => Provider == "postgres";

    public static async Task<TestDatabase> CreateAsync(string provider)
    {
        var connection = provider == "postgres"
            ? await PostgresServer.CreateDatabaseAsync("spec")
            : $"Data Source={Path.Combine(Path.GetTempPath(), $"spec-{Guid.NewGuid():N}.db")};Default Timeout=30";
        return new TestDatabase(provider, connection);
    }

    public DbContextOptions Options<TContext>()
        where TContext : DbContext
    {
        var builder = new DbContextOptionsBuilder<TContext>();
        return IsPostgres ? builder.UseNpgsql(ConnectionString).Options : builder.UseSqlite(ConnectionString).Options;
    }

    public CatalogContext Catalog() => new(Options<CatalogContext>());

    public ConfiguredCatalogContext Configured() => new(Options<ConfiguredCatalogContext>());

    public async Task<T> EnsureCreatedAsync<T>(Func<T> create)
        where T : DbContext
    {
        var context = create();
        await context.Database.EnsureCreatedAsync();
        return context;
    }

    public async ValueTask DisposeAsync()
    {
        if (IsPostgres)
        {
            await PostgresServer.DropDatabaseAsync(ConnectionString);
        }
        else
        {
            SqliteConnection.ClearAllPools();
            File.Delete(new SqliteConnectionStringBuilder(ConnectionString).DataSource);
        }
    }
}
