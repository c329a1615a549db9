namespace EFCore.Cloning.Tests.Specification;

/// <summary>A fresh catalog database of one provider for each test.</summary>
public abstract class CatalogTest : IAsyncLifetime
{
    private TestDatabase? _database;

    protected abstract string Provider { get; }

    protected TestDatabase Database => _database ?? throw new InvalidOperationException("The database is made in InitializeAsync.");

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(Provider);
        await using var db = await _database.EnsureCreatedAsync(_database.Catalog);
    }

    public async Task DisposeAsync() => await Database.DisposeAsync();

    protected async Task<int> SeedAsync(string name = "Apollo")
    {
        await using var db = Database.Catalog();
        return await CatalogContext.SeedStoreAsync(db, name);
    }
}
