using System.Globalization;

namespace EFCore.Cloning;

/// <summary>
/// How a copied value under a unique index is made unique: <c>Apollo</c> becomes <c>Apollo (copy)</c>, then
/// <c>Apollo (copy 2)</c>, <c>Apollo (copy 3)</c> as those are taken. The base value is shortened when the
/// result would exceed the column's maximum length.
/// </summary>
public sealed class CloneSuffix
{
    private CloneSuffix(string first, string numbered)
    {
        First = first;
        Numbered = numbered;
    }

    /// <summary><c>Apollo (copy)</c>, <c>Apollo (copy 2)</c>, ...</summary>
    public static CloneSuffix Default { get; } = new(" (copy)", " (copy {0})");

    /// <summary>Slug style for URL-safe values: <c>apollo-copy</c>, <c>apollo-copy-2</c>, ...</summary>
    public static CloneSuffix Slug { get; } = new("-copy", "-copy-{0}");

    /// <summary>The suffix of the first copy, such as <c>" (copy)"</c>.</summary>
    public string First { get; }

    /// <summary>The suffix of later copies, with <c>{0}</c> where the number goes, such as <c>" (copy {0})"</c>.</summary>
    public string Numbered { get; }

    /// <summary>Creates a custom suffix format.</summary>
    /// <param name="first">The suffix of the first copy, such as <c>" - Copy"</c>.</param>
    /// <param name="numbered">The suffix of later copies, with <c>{0}</c> for the number (2, 3, ...), such as <c>" - Copy {0}"</c>.</param>
    public static CloneSuffix Create(string first, string numbered)
    {
        ArgumentException.ThrowIfNullOrEmpty(first);
        ArgumentException.ThrowIfNullOrEmpty(numbered);
        if (!numbered.Contains("{0}", StringComparison.Ordinal))
        {
            throw new ArgumentException($"The numbered suffix '{numbered}' must contain '{{0}}' where the copy number goes.", nameof(numbered));
        }

        return new CloneSuffix(first, numbered);
    }

    /// <summary>The suffix for the <paramref name="n"/>-th copy (1 is the first).</summary>
    public string For(int n) => n <= 1 ? First : string.Format(CultureInfo.InvariantCulture, Numbered, n);

    /// <summary>Applies the suffix for copy <paramref name="n"/> to <paramref name="value"/>, shortening the value to fit <paramref name="maxLength"/>.</summary>
    public string Apply(string value, int n, int? maxLength)
    {
        var suffix = For(n);
        if (maxLength is { } max && value.Length + suffix.Length > max)
        {
            if (suffix.Length >= max)
            {
                throw new InvalidOperationException(
                    $"The clone suffix '{suffix}' does not fit a column of maximum length {max}; configure a shorter suffix with CloneSuffix.Create.");
            }

            value = value[..(max - suffix.Length)];
        }

        return value + suffix;
    }

    /// <summary>What every suffixed variant of <paramref name="value"/> (stripped of its own suffix) starts with, however much a long suffix cuts off.</summary>
    internal string CommonPrefix(string value, int? maxLength)
    {
        value = Strip(value) ?? value;

        // Variants up to copy 99,999 keep at least this much of the value; a shorter column keeps less, down to nothing.
        var room = maxLength is { } max ? max - For(99_999).Length : value.Length;
        return value[..Math.Clamp(room, 0, value.Length)];
    }

    /// <summary>
    /// The value without a trailing suffix of this format (<c>Apollo (copy 2)</c> gives <c>Apollo</c>), or null when it
    /// has none: a copy of a copy is numbered from the first original, not suffixed twice.
    /// </summary>
    internal string? Strip(string value)
    {
        if (value.Length > First.Length && value.EndsWith(First, StringComparison.Ordinal))
        {
            return value[..^First.Length];
        }

        var hole = Numbered.IndexOf("{0}", StringComparison.Ordinal);
        var (before, after) = (Numbered[..hole], Numbered[(hole + 3)..]);
        if (!value.EndsWith(after, StringComparison.Ordinal))
        {
            return null;
        }

        var end = value.Length - after.Length;
        var start = end;
        while (start > 0 && char.IsAsciiDigit(value[start - 1]))
        {
            start--;
        }

        return start < end && start >= before.Length && value.AsSpan(start - before.Length, before.Length).SequenceEqual(before) && start - before.Length > 0
            ? value[..(start - before.Length)]
            : null;
    }

    /// <summary>
    /// The first free of <paramref name="value"/>, its first suffixed variant, its second, ... as <paramref name="tryTake"/>
    /// says (it takes the value when it is free). A value that carries this format's suffix is numbered from its
    /// stripped base: a copy of <c>Apollo (copy)</c> is <c>Apollo (copy 2)</c>. The one search both engines use.
    /// </summary>
    internal string FirstFree(string value, int? maxLength, Func<string, bool> tryTake)
    {
        var stripped = Strip(value);
        if (stripped is null && tryTake(value))
        {
            return value;
        }

        var root = stripped ?? value;
        for (var n = 1; ; n++)
        {
            var candidate = Apply(root, n, maxLength);
            if (tryTake(candidate))
            {
                return candidate;
            }
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"value{First}, value{For(2)}";
}
