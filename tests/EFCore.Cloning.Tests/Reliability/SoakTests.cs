using EFCore.Cloning.Tests.Specification;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Xunit.Abstractions;

namespace EFCore.Cloning.Tests.Reliability;

/// <summary>1,000 consecutive clones of a medium aggregate in one process: memory and server connections stay flat.</summary>
[Collection(IsolatedCollection.Name)]
public sealed class SoakTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_thousand_clones_keep_memory_and_connections_stable(string provider)
    {
        const int clones = 1000;
        await using var database = await TestDatabase.CreateAsync(provider);
        int id;
        await using (var seed = await database.EnsureCreatedAsync(database.Catalog))
        {
            id = await CatalogContext.SeedStoreAsync(seed);
        }

        long memoryAt100 = 0, connectionsAt100 = 0;
        for (var i = 1; i <= clones; i++)
        {
            await using (var db = database.Catalog())
            {
                var store = await db.Stores.SingleAsync(s => s.Id == id);
                await db.CloneAndSaveAsync(store, o => o.Aggregate());
            }

            if (i == 100)
            {
                memoryAt100 = GC.GetTotalMemory(forceFullCollection: true);
                connectionsAt100 = await ConnectionsAsync(database);
            }
        }

        var memoryAtEnd = GC.GetTotalMemory(forceFullCollection: true);
        var connectionsAtEnd = await ConnectionsAsync(database);
        output.WriteLine($"{provider}: managed memory {memoryAt100 / 1048576.0:0.0} MB after 100 clones, {memoryAtEnd / 1048576.0:0.0} MB after {clones}; server connections {connectionsAt100} and {connectionsAtEnd}");

        await using (var check = database.Catalog())
        {
            Assert.Equal(clones + 1, await check.Stores.CountAsync());
            Assert.Equal(4 * (clones + 1), await check.Products.CountAsync());
        }

        Assert.True(memoryAtEnd < memoryAt100 * 1.5 + 8 * 1048576, $"managed memory grew from {memoryAt100} to {memoryAtEnd} bytes");
        Assert.Equal(connectionsAt100, connectionsAtEnd);
    }

    private static async Task<long> ConnectionsAsync(TestDatabase database)
    {
        if (!database.IsPostgres)
        {
            return 0;
        }

        var name = new NpgsqlConnectionStringBuilder(database.ConnectionString).Database;
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = @name", connection);
        command.Parameters.AddWithValue("name", name!);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
