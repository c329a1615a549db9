using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Tests.Specification;

/// <summary>Clones racing for the same unique name all succeed, each with its own name (DESIGN.md §1.6).</summary>
public abstract class RaceTests
{
    protected abstract string Provider { get; }

    protected abstract CloneEngine Engine { get; }

    protected abstract int Racers { get; }

    [Fact]
    public async Task Parallel_clones_of_one_root_all_succeed_with_distinct_names()
    {
        await using var database = await TestDatabase.CreateAsync(Provider);
        int id;
        await using (var seed = await database.EnsureCreatedAsync(database.Catalog))
        {
            id = await CatalogContext.SeedStoreAsync(seed);
        }

        using var start = new SemaphoreSlim(0);
        var racers = Enumerable.Range(0, Racers).Select(_ => Task.Run(async () =>
        {
            await using var db = database.Catalog();
            var store = await db.Stores.SingleAsync(s => s.Id == id);
            await start.WaitAsync();
            return await Engine.CloneAsync(db, store, o => o.Aggregate());
        })).ToList();
        start.Release(Racers);
        await Task.WhenAll(racers);

        await using var check = database.Catalog();
        var names = await check.Stores.Select(s => s.Name).ToListAsync();
        Assert.Equal(Racers + 1, names.Count);
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.Contains("Apollo (copy)", names);
        Assert.Contains($"Apollo (copy {Racers})", names);
        Assert.Equal(4 * (Racers + 1), await check.Products.CountAsync());
    }
}

public sealed class ObjectModePostgresRaceTests : RaceTests
{
    protected override string Provider => "postgres";

    protected override CloneEngine Engine => CloneEngine.Objects;

    protected override int Racers => 16;
}

public sealed class SetModePostgresRaceTests : RaceTests
{
    protected override string Provider => "postgres";

    protected override CloneEngine Engine => CloneEngine.Sets;

    protected override int Racers => 16;
}

public sealed class ObjectModeSqliteRaceTests : RaceTests
{
    protected override string Provider => "sqlite";

    protected override CloneEngine Engine => CloneEngine.Objects;

    protected override int Racers => 4;
}

public sealed class SetModeSqliteRaceTests : RaceTests
{
    protected override string Provider => "sqlite";

    protected override CloneEngine Engine => CloneEngine.Sets;

    protected override int Racers => 4;
}
