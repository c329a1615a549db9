using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace EFCore.Cloning.Tests.Specification;

/// <summary>What a user checks with plain SQL after a clone, for any model: every table's rows, and where copies point.</summary>
public static class RowSnapshot
{
    /// <summary>
    /// Every table's rows as text, sorted, without key, foreign-key and volatile-default columns (their values differ
    /// by design between two databases; the reference check says where they point).
    /// </summary>
    public static async Task<Dictionary<string, List<string>>> OfAsync(DbContext db)
    {
        var snapshot = new Dictionary<string, List<string>>();
        foreach (var table in db.Model.GetRelationalModel().Tables)
        {
            var columns = table.Columns
                .Where(c => !c.PropertyMappings.Any(m => m.Property.IsKey() || m.Property.IsForeignKey() || IsVolatile(m.Property)))
                .Select(c => c.Name)
                .ToList();
            var sql = columns.Count == 0
                ? $"SELECT count(*) FROM {Table(db, table)}"
                : $"SELECT {string.Join(", ", columns.Select(c => Quote(db, c)))} FROM {Table(db, table)}";
            var rows = (await QueryAsync(db, sql)).Select(r => string.Join(";", r.Select(Text))).ToList();
            rows.Sort(StringComparer.Ordinal);
            snapshot[table.Name] = rows;
        }

        return snapshot;
    }

    /// <summary>
    /// No copied row has a foreign key to an original that was copied: each such reference must point at the copy.
    /// (A reference to a row the clone did not copy is a shared principal.)
    /// </summary>
    public static async Task AssertNoReferenceIntoOriginalsAsync(DbContext db, CloneResult result)
    {
        var rows = result.Rows ?? throw new InvalidOperationException("The clone must map all rows (MapAllRows).");
        string RootOf(string entity) => db.Model.GetEntityTypes().First(e => e.DisplayName() == entity).GetRootType().Name;
        var copies = rows.GroupBy(r => RootOf(r.Entity)).ToDictionary(g => g.Key, g => g.Select(r => Key(r.Copy)).ToHashSet());
        var originals = rows.GroupBy(r => RootOf(r.Entity)).ToDictionary(g => g.Key, g => g.Select(r => Key(r.Original)).ToHashSet());
        foreach (var entityType in db.Model.GetEntityTypes().Where(e => !e.IsOwned() && e.GetTableName() is not null))
        {
            foreach (var foreignKey in entityType.GetDeclaredForeignKeys().Where(f => !f.IsOwnership))
            {
                var principalRoot = foreignKey.PrincipalEntityType.GetRootType();
                if (!copies.TryGetValue(entityType.GetRootType().Name, out var copied) || !originals.TryGetValue(principalRoot.Name, out var copiedPrincipals))
                {
                    continue;
                }

                var forbidden = foreignKey.PrincipalKey.IsPrimaryKey()
                    ? copiedPrincipals
                    : await ValuesAsync(db, foreignKey.PrincipalEntityType, foreignKey.PrincipalKey.Properties, copiedPrincipals);
                var table = StoreObjectIdentifier.Create(entityType, StoreObjectType.Table)!.Value;
                var key = entityType.FindPrimaryKey()!.Properties;
                var sql = $"SELECT {string.Join(", ", key.Concat(foreignKey.Properties).Select(p => Quote(db, p.GetColumnName(table)!)))} FROM {Table(db, table)}";
                foreach (var row in await QueryAsync(db, sql))
                {
                    var rowKey = Key(row[..key.Count]);
                    var reference = Key(row[key.Count..]);
                    Assert.False(
                        copied.Contains(rowKey) && row[key.Count..].All(v => v is not null) && forbidden.Contains(reference),
                        $"The copy {entityType.DisplayName()} {rowKey} references the original {foreignKey.PrincipalEntityType.DisplayName()} {reference} through {foreignKey.Properties[0].Name}.");
                }
            }
        }
    }

    private static async Task<HashSet<string>> ValuesAsync(DbContext db, IEntityType principal, IReadOnlyList<IProperty> columns, HashSet<string> keys)
    {
        var table = StoreObjectIdentifier.Create(principal, StoreObjectType.Table)!.Value;
        var key = principal.FindPrimaryKey()!.Properties;
        var sql = $"SELECT {string.Join(", ", key.Concat(columns).Select(p => Quote(db, p.GetColumnName(table)!)))} FROM {Table(db, table)}";
        return (await QueryAsync(db, sql)).Where(r => keys.Contains(Key(r[..key.Count]))).Select(r => Key(r[key.Count..])).ToHashSet();
    }

    private static bool IsVolatile(IProperty property)
        => property.GetDefaultValueSql() is { } sql && sql.Contains("CURRENT_TIMESTAMP", StringComparison.OrdinalIgnoreCase);

    private static string Key(IEnumerable<object?> values)
        => string.Join("|", values.Select(v => (Convert.ToString(v, CultureInfo.InvariantCulture) ?? "null").ToUpperInvariant()));

    /// <summary>The rows of a plain SQL query on the context's connection (nulls as null).</summary>
    public static async Task<List<object?[]>> QueryAsync(DbContext db, string sql)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            var rows = new List<object?[]>();
            await using DbDataReader reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i)).ToArray());
            }

            return rows;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static string Text(object? value) => value switch
    {
        null => "null",
        byte[] bytes => Convert.ToHexString(bytes),
        System.Collections.IEnumerable items and not string => "[" + string.Join(",", items.Cast<object>().Select(Text)) + "]",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private static string Table(DbContext db, ITable table) => db.GetService<ISqlGenerationHelper>().DelimitIdentifier(table.Name, table.Schema);

    private static string Table(DbContext db, StoreObjectIdentifier table) => db.GetService<ISqlGenerationHelper>().DelimitIdentifier(table.Name, table.Schema);

    private static string Quote(DbContext db, string name) => db.GetService<ISqlGenerationHelper>().DelimitIdentifier(name);
}
