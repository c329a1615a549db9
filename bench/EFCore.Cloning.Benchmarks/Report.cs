using System.Globalization;

namespace EFCore.Cloning.Benchmarks;

/// <summary>One measured case: wall time, peak working set and managed allocation of its child process, and its checks.</summary>
public sealed record Result(string Workload, string Provider, int Size, string Case, double Seconds, double PeakMb, double AllocatedMb, long Rows, string SameRows);

/// <summary>The Markdown that docs/benchmarks.md takes: one table per workload, engine and size, then issue 10's targets.</summary>
public static class Report
{
    public static string Tables(IReadOnlyList<Result> results)
    {
        var lines = new List<string>();
        foreach (var group in results.GroupBy(r => (r.Workload, r.Provider, r.Size)))
        {
            var ef = group.FirstOrDefault(r => r.Case == "ef-today");
            var reference = group.FirstOrDefault(r => r.Case is "floor" or "hand-sql");
            var unit = group.Key.Workload == "planner" ? "tasks" : "sections";
            lines.Add($"### {group.Key.Workload}, {group.Key.Provider}, {group.Key.Size:N0} {unit} ({group.First().Rows:N0} rows copied)");
            lines.Add(string.Empty);
            var vsReference = reference is null ? "vs reference" : $"vs {reference.Case}";
            lines.Add($"| approach | wall time (s) | rows/s | peak working set (MB) | allocated (MB) | vs EF today | {vsReference} | same rows as set mode |");
            lines.Add("|---|---:|---:|---:|---:|---:|---:|---|");
            foreach (var r in group)
            {
                var vsEf = ef is null ? "n/a" : $"{ef.Seconds / r.Seconds:0.0}x faster";
                var vsRef = reference is null ? "n/a" : $"{r.Seconds / reference.Seconds:0.00}x";
                lines.Add(FormattableString.Invariant($"| {r.Case} | {r.Seconds:0.000} | {r.Rows / r.Seconds:N0} | {r.PeakMb:0} | {r.AllocatedMb:0} | {vsEf} | {vsRef} | {r.SameRows} |"));
            }

            lines.Add(string.Empty);
        }

        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>
    /// The results in the tables of earlier runs' output (<see cref="Tables"/>), so that runs made separately (100,000
    /// rows apart from the rest, say) give one target table: <c>report runA.md runB.md</c>.
    /// </summary>
    public static List<Result> Parse(IEnumerable<string> lines)
    {
        var results = new List<Result>();
        (string Workload, string Provider, int Size, long Rows)? group = null;
        foreach (var line in lines)
        {
            var header = System.Text.RegularExpressions.Regex.Match(line, @"^### (\w+), (\w+), ([\d,]+) \w+ \(([\d,]+) rows copied\)");
            if (header.Success)
            {
                group = (header.Groups[1].Value, header.Groups[2].Value, Number(header.Groups[3].Value), Number(header.Groups[4].Value));
                continue;
            }

            var cells = line.Split('|', StringSplitOptions.TrimEntries);
            if (group is { } g && cells.Length >= 10 && double.TryParse(cells[2], CultureInfo.InvariantCulture, out var seconds))
            {
                results.Add(new Result(g.Workload, g.Provider, g.Size, cells[1], seconds, double.Parse(cells[4], CultureInfo.InvariantCulture),
                    double.Parse(cells[5], CultureInfo.InvariantCulture), g.Rows, cells[8]));
            }
        }

        return results;

        static int Number(string text) => int.Parse(text, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
    }

    /// <summary>Issue 10's targets, each measured ratio with met / not met; n/a where the run did not measure both sides.</summary>
    public static string Targets(IReadOnlyList<Result> results)
    {
        Result? Find(string workload, string provider, int size, string name)
            => results.FirstOrDefault(r => r.Workload == workload && r.Provider == provider && r.Size == size && r.Case == name);
        var lines = new List<string>
        {
            "### Targets (issue 10)",
            string.Empty,
            "| target | workload | engine | size | measured | met? |",
            "|---|---|---|---:|---:|---|",
        };
        void Row(string target, string workload, string provider, int size, Result? top, Result? bottom, Func<Result, double> value, Func<double, bool> met, string format)
        {
            var measured = top is null || bottom is null ? (double?)null : value(top) / value(bottom);
            var shown = measured is { } m ? m.ToString(format, CultureInfo.InvariantCulture) + "x" : "n/a";
            var verdict = measured is { } v ? (met(v) ? "met" : "**not met**") : "n/a";
            lines.Add(FormattableString.Invariant($"| {target} | {workload} | {provider} | {size:N0} | {shown} | {verdict} |"));
        }

        var providers = results.Select(r => r.Provider).Distinct().ToList();
        foreach (var provider in providers)
        {
            foreach (var size in new[] { 10_000, 100_000 })
            {
                Row("set mode / hand-sql <= 1.3x", "contracts", provider, size, Find("contracts", provider, size, "set-mode"), Find("contracts", provider, size, "hand-sql"), r => r.Seconds, v => v <= 1.3, "0.00");
            }
        }

        foreach (var provider in providers)
        {
            foreach (var size in new[] { 10_000, 100_000 })
            {
                Row("set mode / floor <= 1.15x", "planner", provider, size, Find("planner", provider, size, "set-mode"), Find("planner", provider, size, "floor"), r => r.Seconds, v => v <= 1.15, "0.00");
            }
        }

        foreach (var workload in new[] { "planner", "contracts" })
        {
            foreach (var provider in providers)
            {
                var ef = Find(workload, provider, 10_000, "ef-today");
                var objects = Find(workload, provider, 10_000, "object-mode");
                Row("object mode >= 2x faster than ef-today (ef-today / object mode time)", workload, provider, 10_000, ef, objects, r => r.Seconds, v => v >= 2, "0.00");
                Row("object mode peak memory <= 0.5x ef-today's", workload, provider, 10_000, objects, ef, r => r.PeakMb, v => v <= 0.5, "0.00");
            }
        }

        foreach (var workload in new[] { "planner", "contracts" })
        {
            foreach (var provider in providers)
            {
                Row("set mode peak memory at 100,000 / at 1,000 <= 1.2x", workload, provider, 100_000, Find(workload, provider, 100_000, "set-mode"), Find(workload, provider, 1_000, "set-mode"), r => r.PeakMb, v => v <= 1.2, "0.00");
            }
        }

        lines.Add(string.Empty);
        return string.Join(Environment.NewLine, lines);
    }
}
