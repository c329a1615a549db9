using EFCore.Cloning.Tool.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace EFCore.Cloning.Tool.Tests;

/// <summary>
/// efclone keeps every value unless asked; with <c>--fresh-defaults</c> it tells volatile defaults from constant ones by
/// the library's own rule (a constant default is data, a volatile one fresh), and it advises in its own flags.
/// </summary>
public sealed class DefaultsToolTests
{
    [Fact]
    public async Task Fresh_defaults_refresh_volatile_defaults_only_and_advice_speaks_in_flags()
    {
        var path = Path.Combine(Path.GetTempPath(), $"defaults-{Guid.NewGuid():N}.db");
        var connectionString = $"Data Source={path}";
        try
        {
            await using (var connection = new SqliteConnection(connectionString))
            {
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = """
                    CREATE TABLE flags (id INTEGER PRIMARY KEY, active INTEGER NOT NULL DEFAULT (1), status TEXT NOT NULL DEFAULT 'draft',
                                        created TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP);
                    INSERT INTO flags VALUES (1, 0, 'published', '2001-01-01');
                    CREATE TABLE seats (id INTEGER PRIMARY KEY, row_no INTEGER NOT NULL, number INTEGER NOT NULL, UNIQUE (row_no, number));
                    INSERT INTO seats VALUES (1, 3, 7);
                    """;
                await command.ExecuteNonQueryAsync();
            }

            var (code, _, error) = await Efclone.RunAsync("clone", path, "flags", "--id", "1", "--fresh-defaults");
            Assert.True(code == 0, error);
            var (refused, _, advice) = await Efclone.RunAsync("clone", path, "seats", "--id", "1");

            await using var check = new SqliteConnection(connectionString);
            await check.OpenAsync();
            await using var query = check.CreateCommand();
            query.CommandText = "SELECT active, status, created FROM flags WHERE id <> 1";
            await using var reader = await query.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal(0L, reader.GetInt64(0));
            Assert.Equal("published", reader.GetString(1));
            Assert.NotEqual("2001-01-01", reader.GetString(2));

            Assert.NotEqual(0, refused);
            Assert.Contains("--set", advice, StringComparison.Ordinal);
            Assert.Contains("row_no=...", advice, StringComparison.Ordinal);
            Assert.DoesNotContain("Set(e =>", advice, StringComparison.Ordinal);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }
}
