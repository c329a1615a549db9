namespace EFCore.Cloning.Sql;

/// <summary>
/// The runs of copy numbers over which a suffix has one length: copy 1 (<c> (copy)</c>), 2..9, 10..99, ... Within a run,
/// a value cut to fit the column's maximum length is cut the same way for every number, so the copies that compete for
/// the same texts are the same group throughout the run; between runs a shorter cut can merge groups.
/// </summary>
/// <param name="First">The run's first copy number.</param>
/// <param name="Last">The run's last copy number.</param>
/// <param name="SuffixLength">The suffix's length over the run; null where no value is cut (the run may span lengths).</param>
internal sealed record SuffixBand(long First, long Last, int? SuffixLength)
{
    /// <summary>
    /// The runs for values up to <paramref name="longestRoot"/> characters long in a column of the suffix's maximum length:
    /// one run from 1 on when nothing is ever cut, else a run per suffix length, neighbouring runs that cut nothing merged.
    /// </summary>
    public static IReadOnlyList<SuffixBand> For(SuffixSql suffix, long longestRoot)
    {
        if (suffix.MaxLength is not { } max)
        {
            return [new SuffixBand(1, int.MaxValue, null)];
        }

        var runs = new List<SuffixBand> { new(1, 1, suffix.Suffix.First.Length) };
        var numbered = suffix.NumberedLength;
        for (long digits = 1, low = 1; low <= int.MaxValue; digits++, low *= 10)
        {
            runs.Add(new SuffixBand(Math.Max(2, low), Math.Min(int.MaxValue, (low * 10) - 1), numbered + (int)digits));
        }

        var bands = new List<SuffixBand>();
        foreach (var run in runs)
        {
            var cuts = longestRoot + run.SuffixLength > max;
            if (!cuts && bands.Count > 0 && bands[^1].SuffixLength is null)
            {
                bands[^1] = bands[^1] with { Last = run.Last };
            }
            else
            {
                bands.Add(cuts ? run : run with { SuffixLength = null });
            }
        }

        return bands;
    }
}
