using System.Globalization;
using EFCore.Cloning.Tests.Specification;
using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Tests.Compatibility;

/// <summary>
/// A peer's test suite ported to our API: a fresh, seeded database of one provider per test, one engine per subclass,
/// and what the clone wrote read back with plain SQL (identifiers double-quoted, read alike by both databases).
/// </summary>
public abstract class CompatibilityTest<TContext> : IAsyncLifetime
    where TContext : DbContext
{
    private TestDatabase? _database;

    protected abstract string Provider { get; }

    protected abstract CloneEngine Engine { get; }

    protected bool IsSetMode => Engine == CloneEngine.Sets;

    protected TestDatabase Database => _database ?? throw new InvalidOperationException("The database is made in InitializeAsync.");

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(Provider);
        await using var db = await _database.EnsureCreatedAsync(Context);
        await SeedAsync(db);
    }

    public async Task DisposeAsync() => await Database.DisposeAsync();

    protected abstract TContext Context();

    protected abstract Task SeedAsync(TContext db);

    /// <summary>Finds the root in a fresh context and clones it through this class's engine.</summary>
    protected async Task<CloneResult> CloneAsync<T>(Func<TContext, Task<T>> find, Action<CloneOptionsBuilder<T>>? configure = null)
        where T : class
    {
        await using var db = Context();
        return await Engine.CloneAsync(db, await find(db), configure);
    }

    protected static int CopyId(CloneResult result) => Convert.ToInt32(result.Roots.Single().CopyKey, CultureInfo.InvariantCulture);

    /// <summary>The first column of a plain SQL query, as strings (null stays null).</summary>
    protected async Task<List<string?>> ColumnAsync(string sql)
    {
        await using var db = Context();
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        var values = new List<string?>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            values.Add(reader.IsDBNull(0) ? null : Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture));
        }

        return values;
    }

    protected async Task<string?> ValueAsync(string sql) => (await ColumnAsync(sql)).Single();

    protected async Task<int> CountAsync(string table, string where = "1 = 1")
        => int.Parse((await ValueAsync($"""SELECT count(*) FROM "{table}" WHERE {where}"""))!, CultureInfo.InvariantCulture);

    /// <summary>Set mode refuses what needs entities (hooks, values computed from the original) before writing anything.</summary>
    protected async Task AssertSetModeRefusesAsync(Func<Task> clone, string table, string expected)
    {
        var before = await CountAsync(table);
        var error = await Assert.ThrowsAsync<CloneException>(clone);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync(table));
    }
}
