namespace EFCore.Cloning.Samples;

/// <summary>Prints rows as a plain-text table, so that samples show what they copied.</summary>
public static class Table
{
    public static void Write(TextWriter output, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<object?>> rows)
    {
        var data = rows.Select(r => r.Select(v => v?.ToString() ?? "null").ToList()).ToList();
        var widths = headers.Select((h, i) => Math.Max(h.Length, data.Count == 0 ? 0 : data.Max(r => r[i].Length))).ToList();
        string Line(IEnumerable<string> cells) => "| " + string.Join(" | ", cells.Select((c, i) => c.PadRight(widths[i]))) + " |";
        output.WriteLine(Line(headers));
        output.WriteLine("|" + string.Join("|", widths.Select(w => new string('-', w + 2))) + "|");
        foreach (var row in data)
        {
            output.WriteLine(Line(row));
        }
    }
}
