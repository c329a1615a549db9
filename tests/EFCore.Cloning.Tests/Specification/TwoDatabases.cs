using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Tests.Specification;

/// <summary>
/// Two databases seeded alike: one for the path under test, one saved by EF's own <c>SaveChanges</c>, whose rows the
/// first must hold too.
/// </summary>
public abstract class TwoDatabases<TContext> : IAsyncLifetime
    where TContext : DbContext
{
    private TestDatabase? _tested;
    private TestDatabase? _efSaved;

    protected abstract string Provider { get; }

    protected TestDatabase Tested => _tested!;

    protected TestDatabase EfSaved => _efSaved!;

    protected abstract TContext Open(TestDatabase database);

    protected abstract Task SeedAsync(TContext db);

    public async Task InitializeAsync()
    {
        _tested = await TestDatabase.CreateAsync(Provider);
        _efSaved = await TestDatabase.CreateAsync(Provider);
        foreach (var database in new[] { _tested, _efSaved })
        {
            await using var db = await database.EnsureCreatedAsync(() => Open(database));
            await SeedAsync(db);
        }
    }

    public async Task DisposeAsync()
    {
        await _tested!.DisposeAsync();
        await _efSaved!.DisposeAsync();
    }

    /// <summary>Every table holds the same rows in both databases (keys and foreign keys aside, see <see cref="RowSnapshot"/>).</summary>
    protected async Task AssertSameRowsAsync()
    {
        await using var expectedDb = Open(EfSaved);
        await using var actualDb = Open(Tested);
        var expected = await RowSnapshot.OfAsync(expectedDb);
        var actual = await RowSnapshot.OfAsync(actualDb);
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var table in expected.Keys)
        {
            Assert.Equal(expected[table], actual[table]);
        }
    }
}
