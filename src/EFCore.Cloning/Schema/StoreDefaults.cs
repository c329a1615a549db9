using System.Text.RegularExpressions;

namespace EFCore.Cloning.Schema;

/// <summary>
/// Tells a constant column default (<c>DEFAULT 0</c>, <c>DEFAULT 'draft'</c>, <c>DEFAULT (1)</c>, <c>'{}'::jsonb</c>)
/// from a volatile one (<c>now()</c>, <c>CURRENT_TIMESTAMP</c>, <c>gen_random_uuid()</c>, <c>nextval(...)</c>). A constant
/// default is data: a copy keeps the original's value. A volatile default is the analog of Django's
/// <c>auto_now_add</c>: a copy gets a fresh value. One rule for the EF model reader and the live-schema reader.
/// </summary>
internal static partial class StoreDefaults
{
    /// <summary>Whether <paramref name="defaultSql"/> yields a new value on each insert.</summary>
    public static bool IsVolatile(string? defaultSql)
    {
        if (string.IsNullOrWhiteSpace(defaultSql))
        {
            return false;
        }

        // String literals cannot make a default volatile ('now' inside datetime('now') is handled by the function name).
        var code = Literal().Replace(defaultSql, "''");
        return VolatileFunction().IsMatch(code) || VolatileKeyword().IsMatch(code);
    }

    /// <summary>Whether a column of this collation or store type compares text without case.</summary>
    public static bool IsCaseInsensitive(string? collation, string? storeType)
        => (collation is not null && (collation.Contains("nocase", StringComparison.OrdinalIgnoreCase) || collation.Contains("_ci", StringComparison.OrdinalIgnoreCase)))
           || string.Equals(storeType, "citext", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex("'(?:[^']|'')*'")]
    private static partial Regex Literal();

    // Functions whose result changes between calls or rows, across PostgreSQL, SQLite and SQL Server spellings.
    [GeneratedRegex(
        @"\b(now|clock_timestamp|statement_timestamp|transaction_timestamp|timeofday|random|randomblob|gen_random_uuid|uuid_generate_v\w*|uuidv4|uuidv7|nextval|currval|txid_current|pg_current_xact_id|datetime|date|time|julianday|strftime|unixepoch|newid|newsequentialid|sysdatetime|sysutcdatetime|sysdatetimeoffset|getdate|getutcdate|current_setting)\s*\(",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex VolatileFunction();

    [GeneratedRegex(
        @"\b(current_timestamp|current_date|current_time|localtimestamp|localtime|current_user|session_user)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex VolatileKeyword();
}
