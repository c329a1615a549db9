using EFCore.Cloning.Internal;
using EFCore.Cloning.Schema;

namespace EFCore.Cloning.Sql.Transfer;

/// <summary>
/// Values on their way from one database into another's columns, as EF on the target would write them: SQLite keeps
/// GUIDs as upper-case text, PostgreSQL takes <c>timestamp with time zone</c> values in UTC and JSON as <c>jsonb</c>.
/// </summary>
internal sealed class TargetValues(bool targetIsSqlite)
{
    /// <summary>
    /// The casts of a staging table's columns on PostgreSQL: the column's own type (jsonb, citext, enums, ranges) where a
    /// parameter of the value's CLR type would not fill it; none for the plain types, nor for text within a length.
    /// </summary>
    public IReadOnlyList<string?> Casts(GraphTable table, IReadOnlyList<GraphColumn> columns)
        => columns.Select(c => Cast((table.FindColumn(c.Name) ?? c).StoreType)).ToList();

    /// <summary>The rewrite bringing each staged value to the form the target's EF provider writes.</summary>
    public Func<object?[], object?[]> Rewrite(GraphTable table, IReadOnlyList<GraphColumn> columns)
    {
        var storeTypes = columns.Select(c => (table.FindColumn(c.Name) ?? c).StoreType).ToArray();
        return row =>
        {
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = ForTarget(row[i], storeTypes[i]);
            }

            return row;
        };
    }

    /// <summary>A value already in the column's CLR type, in the form the target database stores it.</summary>
    public object? ForTarget(object? value, string storeType) => value switch
    {
        Guid guid when targetIsSqlite => guid.ToString("D").ToUpperInvariant(),
        DateTime dateTime when !targetIsSqlite && storeType.StartsWith("timestamp with time zone", StringComparison.OrdinalIgnoreCase)
            => dateTime.Kind switch
            {
                DateTimeKind.Utc => dateTime,
                DateTimeKind.Local => dateTime.ToUniversalTime(),
                _ => DateTime.SpecifyKind(dateTime, DateTimeKind.Utc),
            },
        DateTime dateTime when !targetIsSqlite => DateTime.SpecifyKind(dateTime, DateTimeKind.Unspecified),
        _ => value,
    };

    /// <summary>A value of either database brought to <paramref name="type"/>, then to the form the database with <paramref name="sqlite"/> stores it.</summary>
    public static object? ForDatabase(object? value, Type? type, bool sqlite)
    {
        var converted = ValueConversion.ToClr(value, type);
        return converted is Guid guid && sqlite ? guid.ToString("D").ToUpperInvariant() : converted;
    }

    private string? Cast(string storeType)
    {
        var name = storeType.ToLowerInvariant().Split('(')[0].Trim();
        return targetIsSqlite || name.EndsWith(']') || name is "integer" or "int" or "int4" or "bigint" or "int8" or "smallint" or "int2" or "boolean" or "bool"
            or "real" or "float4" or "double precision" or "float8" or "numeric" or "decimal" or "uuid" or "bytea" or "text" or "character varying" or "varchar"
            or "character" or "char" or "timestamp" or "timestamp without time zone" or "timestamp with time zone" or "timestamptz" or "date"
            or "time" or "time without time zone" or "interval"
            ? null
            : storeType;
    }
}
