namespace EFCore.Cloning.Tool.Schema;

/// <summary>The CLR type a live column's values read as, and its declared maximum length, from its store type.</summary>
internal static class StoreTypes
{
    public static Type ClrType(string storeType)
    {
        var type = storeType.ToLowerInvariant();
        var name = type.Split('(')[0].Trim();
        if (IsDatabaseTyped(type))
        {
            // Values of these types stay as the provider reads them (arrays, ranges, enums): never converted by the tool.
            return typeof(object);
        }

        return name switch
        {
            "integer" or "int" or "int4" or "serial" or "mediumint" => typeof(int),
            "bigint" or "int8" or "bigserial" => typeof(long),
            "smallint" or "int2" or "smallserial" or "tinyint" => typeof(short),
            "boolean" or "bool" or "bit" => typeof(bool),
            "real" or "float4" => typeof(float),
            "double precision" or "float8" or "double" or "float" => typeof(double),
            "numeric" or "decimal" or "money" => typeof(decimal),
            "uuid" or "uniqueidentifier" => typeof(Guid),
            "date" or "timestamp" or "timestamp without time zone" or "datetime" or "datetime2" => typeof(DateTime),
            "timestamp with time zone" or "timestamptz" => typeof(DateTimeOffset),
            "bytea" or "blob" or "varbinary" or "binary" => typeof(byte[]),
            _ when name.Contains("int", StringComparison.Ordinal) => typeof(long),
            _ => typeof(string),
        };
    }

    /// <summary>Whether values converted to <see cref="ClrType"/> have exactly the column's binary format (PostgreSQL binary COPY).</summary>
    public static bool IsBinaryCopySafe(string storeType)
    {
        var name = storeType.ToLowerInvariant().Split('(')[0].Trim();
        return name is "integer" or "int" or "int4" or "bigint" or "int8" or "smallint" or "int2" or "boolean" or "bool"
            or "real" or "float4" or "double precision" or "float8" or "numeric" or "decimal" or "uuid"
            or "timestamp without time zone" or "timestamp" or "bytea" or "text" or "character varying" or "varchar";
    }

    /// <summary>
    /// Types whose values only the database can convert from text: arrays, ranges, enums (marked <c>enum</c> by the
    /// catalog reader), full-text and network types. A value sent to such a column is cast to the column's type.
    /// </summary>
    public static bool IsDatabaseTyped(string storeType)
    {
        var type = storeType.ToLowerInvariant();
        return type.EndsWith(']') || type.Contains("range", StringComparison.Ordinal) || type is "enum" or "tsvector" or "tsquery" or "interval"
            or "inet" or "cidr" or "macaddr" or "point" or "line" or "box" or "circle" or "polygon" or "path" or "lseg" or "bit varying" or "xml";
    }

    /// <summary>The sequence a <c>nextval('name'::regclass)</c> default draws from, as the database names it; null for other defaults.</summary>
    public static EFCore.Cloning.Schema.GraphSequence? SequenceOf(string? defaultSql)
    {
        var match = defaultSql is null ? null : System.Text.RegularExpressions.Regex.Match(defaultSql, @"^nextval\('((?:[^']|'')+)'(?:::regclass)?\)$", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        return match is { Success: true } ? new EFCore.Cloning.Schema.GraphSequence(null, match.Groups[1].Value.Replace("''", "'", StringComparison.Ordinal)) : null;
    }

    /// <summary>A default that gives each insert a new value (a time, a random value, a sequence's next number): the library's one rule.</summary>
    public static bool IsVolatileDefault(string? defaultSql) => EFCore.Cloning.Schema.StoreDefaults.IsVolatile(defaultSql);

    public static int? MaxLength(string storeType)
    {
        var open = storeType.IndexOf('(', StringComparison.Ordinal);
        var close = storeType.IndexOf(')', StringComparison.Ordinal);
        if (open < 0 || close < open || ClrType(storeType) != typeof(string))
        {
            return null;
        }

        return int.TryParse(storeType[(open + 1)..close].Split(',')[0], out var length) ? length : null;
    }

    /// <summary>Converts a command-line value to the column's type, naming the column when it cannot.</summary>
    public static object? Convert(string? text, Type type, string column)
    {
        if (text is null || text.Equals("null", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            if (type == typeof(Guid))
            {
                return Guid.Parse(text);
            }

            if (type == typeof(DateTimeOffset))
            {
                return DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
            }

            if (type == typeof(byte[]))
            {
                return System.Convert.FromHexString(text);
            }

            return System.Convert.ChangeType(text, type, System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception exception) when (exception is FormatException or InvalidCastException or OverflowException)
        {
            throw new ToolException($"The value '{text}' for column '{column}' is not a valid {type.Name}.", usage: true);
        }
    }
}
