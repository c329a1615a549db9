using EFCore.Cloning.Tests.Specification;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace EFCore.Cloning.Tests.Reliability;

/// <summary>Writes to the originals while set mode copies them: the copy is one consistent snapshot.</summary>
public sealed class SnapshotTests
{
    [Fact]
    public async Task Set_mode_copies_the_originals_as_of_one_moment_while_another_session_changes_them()
    {
        await using var database = await TestDatabase.CreateAsync("postgres");
        int id;
        await using (var seed = await database.EnsureCreatedAsync(database.Catalog))
        {
            id = await CatalogContext.SeedStoreAsync(seed);
        }

        // After the first table is inserted, another session renames every product of the original and adds one, and commits.
        var changed = false;
        var progress = new Callback(() =>
        {
            if (changed)
            {
                return;
            }

            changed = true;
            using var other = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString);
            other.Open();
            using var write = new NpgsqlCommand(
                $"UPDATE \"Products\" SET \"Title\" = 'renamed' WHERE \"StoreId\" = {id}; INSERT INTO \"Products\" (\"Title\", \"Price\", \"StoreId\") VALUES ('late', 1, {id});",
                other);
            write.ExecuteNonQuery();
        });

        await using (var db = database.Catalog())
        {
            var result = await db.Stores.Where(s => s.Id == id).ExecuteCloneAsync(o => o.Aggregate().ReportProgress(progress));
            Assert.True(changed);
            Assert.Equal(4, result.Tables["Products"]);
        }

        await using var check = database.Catalog();
        var copy = await check.Stores.SingleAsync(s => s.Id != id);
        var titles = await check.Products.Where(p => p.StoreId == copy.Id).Select(p => p.Title).OrderBy(t => t).ToListAsync();
        Assert.Equal(["Product 0", "Product 1", "Product 2", "Product 3"], titles);
        Assert.Equal(5, await check.Products.CountAsync(p => p.StoreId == id && (p.Title == "renamed" || p.Title == "late")));
    }

    private sealed class Callback(Action action) : IProgress<CloneProgress>
    {
        public void Report(CloneProgress value) => action();
    }
}
