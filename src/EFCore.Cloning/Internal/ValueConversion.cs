using System.Globalization;

namespace EFCore.Cloning.Internal;

/// <summary>
/// The one path by which a value read from a database (or given as text) is brought to a CLR type: SQLite keeps dates
/// and GUIDs as text and integers as 64 bits, PostgreSQL hands back its own types. Used for keys in results, key
/// filters, and rows moved between databases.
/// </summary>
internal static class ValueConversion
{
    public static object? ToClr(object? value, Type? type)
    {
        var target = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        if (value is null or DBNull)
        {
            return null;
        }

        if (target is null || target.IsInstanceOfType(value))
        {
            return value;
        }

        return target switch
        {
            _ when target == typeof(DateTime) && value is string text => DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces),
            // Text without an offset (SQLite's CURRENT_TIMESTAMP) is UTC; PostgreSQL takes timestamptz values in UTC.
            _ when target == typeof(DateTimeOffset) && value is string text => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime(),
            _ when target == typeof(DateTimeOffset) && value is DateTime dateTime => new DateTimeOffset(DateTime.SpecifyKind(dateTime, DateTimeKind.Utc)),
            _ when target == typeof(Guid) && value is string text => Guid.Parse(text),
            _ when target == typeof(Guid) && value is byte[] bytes => new Guid(bytes),
            _ when target == typeof(string) => Text(value),
            _ when target == typeof(byte[]) => value,
            _ when target.IsEnum && value is string name => Enum.Parse(target, name),
            _ when target.IsEnum => Enum.ToObject(target, value),
            _ when value is IConvertible => Convert.ChangeType(value, target, CultureInfo.InvariantCulture),
            _ => value,
        };
    }

    /// <summary>A value as text the way EF writes it to SQLite: dates and times in ISO order, never in a culture's.</summary>
    private static string? Text(object value) => value switch
    {
        DateTime dateTime => dateTime.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset offset => offset.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture),
        TimeOnly time => time.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };
}
