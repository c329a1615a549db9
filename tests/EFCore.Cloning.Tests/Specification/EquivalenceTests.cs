using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace EFCore.Cloning.Tests.Specification;

/// <summary>
/// The same plan on the same data yields the same rows in both engines (DESIGN.md §1): each scenario runs once
/// through object mode and once through set mode on identical databases, and every table's rows are compared with
/// keys and foreign keys left out (their values differ by design; the specification checks where they point).
/// </summary>
public abstract class EquivalenceTests
{
    protected abstract string Provider { get; }

    public static TheoryData<string> Scenarios => ["plain", "aggregate", "include", "skip-and-link", "set-and-reset", "twice"];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Both_engines_produce_the_same_rows(string scenario)
    {
        var objectRows = await RunAsync(CloneEngine.Objects, scenario);
        var setRows = await RunAsync(CloneEngine.Sets, scenario);

        Assert.Equal(objectRows.Keys.Order(), setRows.Keys.Order());
        foreach (var table in objectRows.Keys)
        {
            Assert.True(objectRows[table].SequenceEqual(setRows[table]), $"Table {table} differs:\nobject mode: {string.Join(" | ", objectRows[table])}\nset mode:    {string.Join(" | ", setRows[table])}");
        }
    }

    private async Task<Dictionary<string, List<string>>> RunAsync(CloneEngine engine, string scenario)
    {
        await using var database = await TestDatabase.CreateAsync(Provider);
        await using var db = await database.EnsureCreatedAsync(database.Catalog);
        var id = await CatalogContext.SeedStoreAsync(db);
        await CatalogContext.SeedStoreAsync(db, "Gemini");
        db.ChangeTracker.Clear();
        var store = await db.Stores.SingleAsync(s => s.Id == id);
        Action<CloneOptionsBuilder<Store>>? configure = scenario switch
        {
            "aggregate" or "twice" => o => o.Aggregate(),
            "include" => o => o.Include(s => s.Products).ThenInclude(p => p.Suppliers).Include(s => s.Folders).ThenInclude(f => f.Documents),
            "skip-and-link" => o => o.Aggregate().Skip(s => s.Manager).Entity<Product>(p => p.Link(x => x.Tags)),
            "set-and-reset" => o => o.Aggregate().Set(s => s.Motto, "Second to none").Reset(s => s.CategoryId),
            _ => null,
        };
        await engine.CloneAsync(db, store, configure);
        if (scenario == "twice")
        {
            db.ChangeTracker.Clear();
            await engine.CloneAsync(db, await db.Stores.SingleAsync(s => s.Id == id), configure);
        }

        return await SnapshotAsync(db);
    }

    /// <summary>Every table's rows as text, sorted, without key, foreign-key and store-default columns.</summary>
    private static async Task<Dictionary<string, List<string>>> SnapshotAsync(DbContext db)
    {
        var snapshot = new Dictionary<string, List<string>>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        foreach (var table in db.Model.GetRelationalModel().Tables)
        {
            var skipped = table.Columns.Where(c =>
                    c.PropertyMappings.Any(m => m.Property.IsKey() || m.Property.IsForeignKey() || m.Property.GetDefaultValueSql() is not null))
                .Select(c => c.Name)
                .ToHashSet();
            var columns = table.Columns.Select(c => c.Name).Where(c => !skipped.Contains(c)).ToList();
            await using var command = connection.CreateCommand();
            command.CommandText = columns.Count == 0
                ? $"SELECT count(*) FROM {Quote(db, table.Name)}"
                : $"SELECT {string.Join(", ", columns.Select(c => Quote(db, c)))} FROM {Quote(db, table.Name)}";
            var rows = new List<string>();
            await using (DbDataReader reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    rows.Add(string.Join(";", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "null" : Text(reader.GetValue(i)))));
                }
            }

            rows.Sort(StringComparer.Ordinal);
            snapshot[table.Name] = rows;
        }

        await db.Database.CloseConnectionAsync();
        return snapshot;
    }

    private static string Text(object value) => value switch
    {
        byte[] bytes => Convert.ToHexString(bytes),
        System.Collections.IEnumerable items and not string => "[" + string.Join(",", items.Cast<object>().Select(Text)) + "]",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };

    private static string Quote(DbContext db, string name)
        => db.GetService<Microsoft.EntityFrameworkCore.Storage.ISqlGenerationHelper>().DelimitIdentifier(name);
}

public sealed class SqliteEquivalenceTests : EquivalenceTests
{
    protected override string Provider => "sqlite";
}

public sealed class PostgresEquivalenceTests : EquivalenceTests
{
    protected override string Provider => "postgres";
}
