using System.Globalization;
using System.Text.RegularExpressions;

namespace EFCore.Cloning.Sql;

/// <summary>
/// <see cref="CloneSuffix"/> as SQL over text columns, so that the database builds the same strings the engines build in
/// memory: the suffix of copy <c>n</c>, a value cut to fit beside it, and a value stripped of a suffix of this format.
/// Every piece of the format travels as a parameter.
/// </summary>
internal sealed partial class SuffixSql
{
    private const string Marker = "\u0001";
    private readonly ISqlDialect _dialect;
    private readonly List<string> _parts;

    public SuffixSql(ISqlDialect dialect, CloneSuffix suffix, int? maxLength)
    {
        _dialect = dialect;
        Suffix = suffix;
        MaxLength = maxLength;

        // string.Format's own reading of the numbered format (escaped braces, the number in several places).
        _parts = [.. string.Format(CultureInfo.InvariantCulture, suffix.Numbered, Marker).Split(Marker)];
        var hole = suffix.Numbered.IndexOf("{0}", StringComparison.Ordinal);
        (Before, After) = (suffix.Numbered[..hole], suffix.Numbered[(hole + 3)..]);
        Check();
        Parameters =
        [
            KeyValuePair.Create<string, object?>("@sf", suffix.First),
            KeyValuePair.Create<string, object?>("@sfl", suffix.First.Length),
            KeyValuePair.Create<string, object?>("@sb", Before),
            KeyValuePair.Create<string, object?>("@sbl", Before.Length),
            KeyValuePair.Create<string, object?>("@sa", After),
            KeyValuePair.Create<string, object?>("@sal", After.Length),
            KeyValuePair.Create<string, object?>("@max", maxLength ?? 0),
        ];
    }

    public CloneSuffix Suffix { get; }

    public int? MaxLength { get; }

    /// <summary>What <see cref="CloneSuffix.Strip"/> looks for in front of the number and after it (the format as written).</summary>
    private string Before { get; }

    private string After { get; }

    /// <summary>Every parameter the fragments name; <see cref="Used"/> picks those a statement needs.</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> Parameters { get; }

    /// <summary>The characters of a numbered suffix besides the number.</summary>
    public int NumberedLength => Before.Length + After.Length;

    /// <summary>The suffix of copy <paramref name="number"/> (an integer expression), as <see cref="CloneSuffix.For"/>.</summary>
    public string For(string number)
        => $"(CASE WHEN {number} = 1 THEN @sf ELSE @sb || CAST({number} AS text) || @sa END)";

    /// <summary><paramref name="root"/> cut to fit beside a suffix of the band's length, as <see cref="CloneSuffix.Apply"/> cuts it.</summary>
    public string Cut(string root, SuffixBand band)
        => band.SuffixLength is { } length
            ? $"(CASE WHEN length({root}) + {length} > @max THEN {_dialect.Left(root, $"@max - {length}")} ELSE {root} END)"
            : root;

    /// <summary>
    /// Statements that set <c>r</c> of <paramref name="work"/> to each value <c>v</c> stripped of its suffix
    /// (<see cref="CloneSuffix.Strip"/>), or to the value itself with <c>b</c> = 1 where it carries none.
    /// </summary>
    public IEnumerable<string> Strip(string work)
    {
        yield return $"UPDATE {work} SET r = substr(v, 1, length(v) - @sfl) WHERE length(v) > @sfl AND substr(v, length(v) - @sfl + 1) = @sf";

        // The digits are the longest run before the text after the number, as Strip scans them.
        const string digits = "'0123456789'";
        var body = $"SELECT ord, w, rtrim(w, {digits}) AS d FROM (SELECT ord, substr(v, 1, length(v) - @sal) AS w FROM {work} "
                   + "WHERE r IS NULL AND length(v) >= @sal AND substr(v, length(v) - @sal + 1) = @sa) a";
        yield return $"UPDATE {work} SET r = x.r FROM (SELECT ord, substr(d, 1, length(d) - @sbl) AS r FROM ({body}) b "
                     + "WHERE length(d) < length(w) AND length(d) > @sbl AND substr(d, length(d) - @sbl + 1) = @sb) x "
                     + $"WHERE {work}.ord = x.ord";
        yield return $"UPDATE {work} SET b = CASE WHEN r IS NULL THEN 1 ELSE 0 END, r = COALESCE(r, v)";
    }

    /// <summary>The parameters <paramref name="sql"/> names, from <see cref="Parameters"/> and <paramref name="more"/>.</summary>
    public List<KeyValuePair<string, object?>> Used(string sql, params KeyValuePair<string, object?>[] more)
    {
        var names = ParameterName().Matches(sql).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
        return Parameters.Concat(more).Where(p => names.Contains(p.Key)).ToList();
    }

    /// <summary>
    /// The set-wise search relies on two things of the format that hold for the built-in ones: no suffix ends another
    /// (so copies numbered differently never collide), and a number follows a non-digit (so a suffixed value always
    /// strips, and never equals an unsuffixed original). A format without them is refused rather than answered differently.
    /// </summary>
    private void Check()
    {
        int[] samples = [1, 2, 3, 9, 10, 11, 12, 19, 20, 21, 99, 100, 101, 999, 1000, 1001, 12345];
        var texts = samples.ToDictionary(n => n, Suffix.For);
        var fits = samples.Where(n => n > 1).All(n => texts[n] == string.Join(n.ToString(CultureInfo.InvariantCulture), _parts));
        var apart = texts.All(a => texts.All(b => a.Key == b.Key || !a.Value.EndsWith(b.Value, StringComparison.OrdinalIgnoreCase)));
        if (!fits || !apart || Before.Length == 0 || char.IsAsciiDigit(Before[^1]) || _parts.Count != 2 || _parts[0] != Before || _parts[1] != After)
        {
            throw new CloneException(
                $"Set mode cannot number values with the clone suffix '{Suffix}' inside the database: a numbered suffix needs a non-digit before the number, "
                + "one number, and no suffix may end another. Use a suffix such as CloneSuffix.Create(\" - Copy\", \" - Copy {0}\"), or object mode (CloneAsync).");
        }
    }

    [GeneratedRegex(@"@\w+")]
    private static partial Regex ParameterName();
}
