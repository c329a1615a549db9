using System.Globalization;
using EFCore.Cloning.Tests.Specification;
using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Tests.Unique;

/// <summary>
/// A fresh database of the unique model per test, and the check every test makes: set mode gives each copy the value
/// the in-memory search gives it (<see cref="CloneSuffix.FirstFree"/>, copy by copy in the engines' order: copy number,
/// then original key), which is what object mode computes.
/// </summary>
public abstract class UniqueTest : IAsyncLifetime
{
    private TestDatabase? _database;

    protected abstract string Provider { get; }

    protected TestDatabase Database => _database ?? throw new InvalidOperationException("The database is made in InitializeAsync.");

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(Provider);
        await using var db = await _database.EnsureCreatedAsync(Context);
    }

    public async Task DisposeAsync() => await Database.DisposeAsync();

    protected UniqueContext Context() => new((DbContextOptions<UniqueContext>)Database.Options<UniqueContext>());

    protected async Task ExecuteAsync(string sql)
    {
        await using var db = Context();
        await db.Database.ExecuteSqlRawAsync(sql);
    }

    /// <summary><paramref name="count"/> rows of <paramref name="table"/> made in the database: <paramref name="columns"/> from <c>i</c> = 1..count.</summary>
    protected Task SeedAsync(string table, string columns, string values, int count)
        => ExecuteAsync($"""WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count}) INSERT INTO "{table}" ({columns}) SELECT {values} FROM n""");

    /// <summary>Rows of a plain SQL query, each column as invariant text (null as null).</summary>
    protected async Task<List<string?[]>> RowsAsync(string sql)
    {
        await using var db = Context();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var rows = new List<string?[]>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)).ToArray());
        }

        return rows;
    }

    /// <summary>
    /// Runs <paramref name="clone"/> (set mode) and asserts each copy's <paramref name="column"/> against the in-memory
    /// search over the rows <paramref name="tables"/> held before; a copy keeps its original's <paramref name="scope"/>.
    /// </summary>
    protected async Task<List<string>> AssertValuesAsync(
        Func<UniqueContext, Task<CloneResult>> clone, string[] tables, string column, string[] scope, int? maxLength, bool caseInsensitive = false, CloneSuffix? suffix = null)
    {
        var select = string.Join(", ", scope.Select(s => $"\"{s}\"").Prepend($"\"{column}\"").Prepend("\"Id\""));
        var before = new List<string?[]>();
        foreach (var table in tables)
        {
            before.AddRange(await RowsAsync($"SELECT {select} FROM \"{table}\""));
        }

        CloneResult result;
        await using (var db = Context())
        {
            result = await clone(db);
        }

        var after = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            foreach (var row in await RowsAsync($"SELECT \"Id\", \"{column}\" FROM \"{table}\""))
            {
                after[row[0]!] = row[1];
            }
        }

        string Fold(string text) => caseInsensitive ? text.ToUpperInvariant() : text;
        string ScopeOf(string?[] row) => string.Join("\u001f", row[2..].Select(v => v ?? "\0"));
        var originals = before.ToDictionary(r => r[0]!, StringComparer.Ordinal);
        var taken = before.Select(r => ScopeOf(r) + "\u001e" + Fold(r[1]!)).ToHashSet(StringComparer.Ordinal);
        var values = new List<string>();
        foreach (var mapping in result.Roots.OrderBy(m => m.CopyNumber).ThenBy(m => Convert.ToInt64(m.OriginalKey, CultureInfo.InvariantCulture)))
        {
            var original = originals[Convert.ToString(mapping.OriginalKey, CultureInfo.InvariantCulture)!];
            var expected = (suffix ?? CloneSuffix.Default).FirstFree(original[1]!, maxLength, c => taken.Add(ScopeOf(original) + "\u001e" + Fold(c)));
            var actual = after[Convert.ToString(mapping.CopyKey, CultureInfo.InvariantCulture)!];
            Assert.True(expected == actual, $"Copy {mapping.CopyNumber} of {mapping.OriginalKey} ('{original[1]}'): expected '{expected}', got '{actual}'.");
            values.Add(actual!);
        }

        return values;
    }
}
