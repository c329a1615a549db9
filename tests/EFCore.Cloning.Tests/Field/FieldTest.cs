using System.Globalization;
using EFCore.Cloning.Tests.Specification;
using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Tests.Field;

/// <summary>A fresh database of the field model for each test, seeded, with plain-SQL reads of what a clone wrote.</summary>
public abstract class FieldTest : IAsyncLifetime
{
    private TestDatabase? _database;

    protected abstract string Provider { get; }

    protected TestDatabase Database => _database ?? throw new InvalidOperationException("The database is made in InitializeAsync.");

    protected (int Tenant, int Other, int Survey) Seeded { get; private set; }

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(Provider);
        await using var db = await _database.EnsureCreatedAsync(Context);
        Seeded = await FieldContext.SeedSurveyAsync(db);
        await FieldContext.SeedRestAsync(db);
    }

    public async Task DisposeAsync() => await Database.DisposeAsync();

    protected FieldContext Context() => new((DbContextOptions<FieldContext>)Database.Options<FieldContext>());

    /// <summary>Rows of a plain SQL query (identifiers double-quoted, which both databases read the same way).</summary>
    protected async Task<List<object?[]>> RowsAsync(string sql)
    {
        await using var db = Context();
        return await RowSnapshot.QueryAsync(db, sql);
    }

    protected async Task<object?> ScalarAsync(string sql) => (await RowsAsync(sql)).Single()[0];

    protected static int Int(object? value) => Convert.ToInt32(value, CultureInfo.InvariantCulture);

    protected static bool Bool(object? value) => Convert.ToBoolean(value, CultureInfo.InvariantCulture);
}
