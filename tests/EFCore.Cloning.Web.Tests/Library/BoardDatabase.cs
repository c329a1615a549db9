using EFCore.Cloning.Tests.Infrastructure;
using EFCore.Cloning.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Web.Tests.Library;

/// <summary>A new board database on SQLite (a temporary file) or PostgreSQL (a new database), seeded with one board of three cards.</summary>
public sealed class BoardDatabase : IAsyncDisposable
{
    private readonly string? _file;

    private BoardDatabase(string provider, string connectionString, string? file)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _file = file;
        Sql = provider == "postgres" ? PlainSql.Postgres(connectionString) : PlainSql.Sqlite(connectionString);
    }

    public string Provider { get; }

    public string ConnectionString { get; }

    public PlainSql Sql { get; }

    public static async Task<BoardDatabase> CreateAsync(string provider, Action<ModelBuilder>? configure = null)
    {
        BoardDatabase database;
        if (provider == "postgres")
        {
            database = new BoardDatabase(provider, await PostgresServer.CreateDatabaseAsync("efclone_board"), null);
        }
        else
        {
            var file = Path.Combine(Path.GetTempPath(), $"efclone-board-{Guid.NewGuid():N}.db");
            database = new BoardDatabase(provider, $"Data Source={file};Pooling=False", file);
        }

        await using var db = database.Context(configure);
        await db.Database.EnsureCreatedAsync();
        var labels = new[] { new Label { Name = "urgent" }, new Label { Name = "later" } };
        db.Boards.Add(new Board
        {
            Name = "Plan",
            Cards = [new Card { Title = "Draft", Position = 1, Labels = [labels[0]] }, new Card { Title = "Review", Position = 2, Labels = [.. labels] }, new Card { Title = "Ship", Position = 3 }],
        });
        await db.SaveChangesAsync();
        return database;
    }

    /// <summary>A context on this database; <paramref name="options"/> adds to the provider's options (UseCloning, a logger factory...).</summary>
    public BoardContext Context(Action<ModelBuilder>? configure = null, Action<DbContextOptionsBuilder>? options = null)
        => new(BoardContext.Options(b =>
        {
            if (Provider == "postgres")
            {
                b.UseNpgsql(ConnectionString);
            }
            else
            {
                b.UseSqlite(ConnectionString);
            }

            options?.Invoke(b);
        }), configure);

    public async ValueTask DisposeAsync()
    {
        if (_file is not null)
        {
            File.Delete(_file);
        }
        else
        {
            await PostgresServer.DropDatabaseAsync(ConnectionString);
        }
    }
}
