using EFCore.Cloning.Tests.Reliability;
using EFCore.Cloning.Tool.Cli;
using EFCore.Cloning.Tool.Demo;
using EFCore.Cloning.Tool.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Npgsql;
using Xunit.Abstractions;
using PostgresServer = EFCore.Cloning.Tests.Infrastructure.PostgresServer;

namespace EFCore.Cloning.Tool.Tests;

/// <summary>efclone under faults: the copy's target connection killed at each of its statements, and cancellation at each statement of a clone.</summary>
[Collection(IsolatedCollection.Name)]
public sealed class ToolReliabilityTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Copy_interrupted_at_any_statement_leaves_the_target_as_it_was_and_a_retry_succeeds()
    {
        var source = await DemoDatabase.CreateAsync(tasksPerProject: 200, CancellationToken.None);
        var target = await Chinook.CreatePostgresAsync("Chinook_PostgreSql_SerialPKs.sql");
        try
        {
            // The demo's schema in the target, with its shared rows, so that a copy can land there.
            await ExecuteAsync(target, CopyToolTargetSchema.Sql);
            var before = await DatabaseFingerprint.OfPostgresAsync(target);

            var interrupted = 0;
            for (var failAt = 1; ; failAt++)
            {
                using var faults = new PostgresFaults(target, failAt);
                var (code, _, error) = await Efclone.RunAsync("copy", source, target, "projects", "--id", "1", "--aggregate");
                if (!faults.Fired)
                {
                    Assert.True(code == 0, error);
                    break;
                }

                if (code == 0)
                {
                    // The kill hit only connections the copy no longer used (schema reading): the copy is whole. Undo it.
                    await ExecuteAsync(target, "DELETE FROM projects WHERE name <> 'Existing'");
                }
                else
                {
                    interrupted++;
                    Assert.Equal(1, code);
                }

                Assert.Equal(before, await DatabaseFingerprint.OfPostgresAsync(target));
            }

            output.WriteLine($"efclone copy: target connection killed at {interrupted} statements in turn; target unchanged after each");
            Assert.True(interrupted >= 5, $"only {interrupted} kill points");
            await using var connection = new NpgsqlConnection(target);
            await connection.OpenAsync();
            await using var count = new NpgsqlCommand("SELECT count(*) FROM tasks WHERE project_id <> 1", connection);
            Assert.Equal(200L, (long)(await count.ExecuteScalarAsync())!);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            await PostgresServer.DropDatabaseAsync(target);
        }
    }

    [Fact]
    public async Task Clone_cancelled_at_any_statement_writes_nothing()
    {
        var database = await Chinook.CreatePostgresAsync("Chinook_PostgreSql_AutoIncrementPKs.sql");
        try
        {
            var before = await DatabaseFingerprint.OfPostgresAsync(database);
            var cancelled = 0;
            for (var failAt = 1; ; failAt++)
            {
                using var cancellation = new CancellationTokenSource();
                using var faults = new PostgresFaults(database, failAt, _ => cancellation.Cancel());
                var error = new StringWriter();
                var code = await EfcloneApp.RunAsync(["clone", database, "artist", "--id", "1", "--include", "album,track"], new StringWriter(), error, interactive: false, cancellation.Token);
                if (!faults.Fired)
                {
                    Assert.True(code == 0, error.ToString());
                    break;
                }

                if (code == 0)
                {
                    // Cancelled after the commit: the clone is whole. Undo it to keep the next round comparable.
                    await ExecuteAsync(database, "DELETE FROM track WHERE album_id IN (SELECT album_id FROM album WHERE artist_id > 275); DELETE FROM album WHERE artist_id > 275; DELETE FROM artist WHERE artist_id > 275");
                    continue;
                }

                cancelled++;
                Assert.Equal(1, code);
                Assert.Contains("nothing was written", error.ToString());
                Assert.Equal(before, await DatabaseFingerprint.OfPostgresAsync(database));
                Assert.Equal(0, await DatabaseFingerprint.TemporaryTablesAsync(database));
            }

            output.WriteLine($"efclone clone: cancelled at {cancelled} statements in turn; database unchanged after each");
            Assert.True(cancelled >= 5);
        }
        finally
        {
            await PostgresServer.DropDatabaseAsync(database);
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
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
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
