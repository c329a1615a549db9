using System.Security.Cryptography;
using System.Text;
using EFCore.Cloning.Schema;

namespace EFCore.Cloning.Tool.Masking;

/// <summary>
/// <c>--mask table.column=kind</c>: the value a copy gets instead of the original's, made from the original alone
/// (deterministic: two copies of the same row agree, and equal originals stay equal).
/// </summary>
internal sealed record MaskRule(GraphEntity Entity, GraphProperty Property, string Kind, object? Constant)
{
    private static readonly string[] FirstNames = ["Alex", "Sam", "Robin", "Jamie", "Morgan", "Taylor", "Casey", "Jordan", "Riley", "Avery", "Quinn", "Drew"];
    private static readonly string[] LastNames = ["Smith", "Silva", "Novak", "Garcia", "Kim", "Meyer", "Rossi", "Dubois", "Larsen", "Tanaka", "Okafor", "Walsh"];

    /// <summary>The kinds, as the option spells them.</summary>
    public static readonly string[] Kinds = ["null", "constant:VALUE", "email", "name", "phone", "hash"];

    /// <summary>The option as the user wrote it, for plans and reports.</summary>
    public string Describe => Kind == "constant" ? $"constant:{Constant}" : Kind;

    /// <summary>A first name for a first-name column, a last name for a last-name column, both otherwise.</summary>
    private string Name(ulong number)
    {
        var first = FirstNames[number % (ulong)FirstNames.Length];
        var last = LastNames[(number / 16) % (ulong)LastNames.Length];
        var column = Property.Name.ToLowerInvariant();
        return column.Contains("first", StringComparison.Ordinal) || column.Contains("given", StringComparison.Ordinal) ? first
            : column.Contains("last", StringComparison.Ordinal) || column.Contains("surname", StringComparison.Ordinal) || column.Contains("family", StringComparison.Ordinal) ? last
            : $"{first} {last}";
    }

    /// <summary>The masked value for <paramref name="original"/> (NULL stays NULL, except for <c>constant</c>).</summary>
    public object? Apply(object? original)
    {
        if (Kind == "null")
        {
            return null;
        }

        if (Kind == "constant")
        {
            return Constant;
        }

        if (original is null)
        {
            return null;
        }

        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(System.Convert.ToString(original, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty));
        var hex = System.Convert.ToHexStringLower(digest);
        var number = BitConverter.ToUInt64(digest, 0);
        var value = Kind switch
        {
            "email" => $"user-{hex[..12]}@example.invalid",
            "name" => Name(number),
            "phone" => $"+1-555-{number % 10_000_000:0000000}",
            _ => hex,
        };
        return Property.MaxLength is { } length && value.Length > length ? value[..length] : value;
    }
}
