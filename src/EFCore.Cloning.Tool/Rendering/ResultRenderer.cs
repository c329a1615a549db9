using System.Text.Json;
using Spectre.Console;

namespace EFCore.Cloning.Tool.Rendering;

/// <summary>Shows what a clone did: rows per table and the roots' keys, as a table for people or as a JSON report.</summary>
internal static class ResultRenderer
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static void Write(ToolConsole console, CloneResult result)
    {
        var table = new Table().AddColumn("table").AddColumn(new TableColumn("rows copied").RightAligned());
        foreach (var (name, rows) in result.Tables.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            table.AddRow(Markup.Escape(name), rows.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
        }

        console.Ansi.Write(table);
        var roots = string.Join(", ", result.Roots.Take(10).Select(r => $"{Key(r.Original)} -> {Key(r.Copy)}"));
        var more = result.Roots.Count > 10 ? $" (and {result.Roots.Count - 10} more)" : string.Empty;
        console.Ansi.MarkupLine(Markup.Escape($"Copied {result.TotalRows:N0} rows in {result.Elapsed.TotalSeconds:0.00} s. Roots: {roots}{more}"));
    }

    public static void WriteJson(TextWriter output, CloneResult result)
    {
        var report = new
        {
            tables = result.Tables.OrderBy(t => t.Key, StringComparer.Ordinal).ToDictionary(t => t.Key, t => t.Value),
            totalRows = result.TotalRows,
            elapsedMs = Math.Round(result.Elapsed.TotalMilliseconds, 1),
            roots = result.Roots.Select(r => new { entity = r.Entity, original = r.Original, copy = r.Copy, copyNumber = r.CopyNumber }),
        };
        output.WriteLine(JsonSerializer.Serialize(report, Json));
    }

    private static string Key(IReadOnlyList<object?> values) => values.Count == 1 ? $"{values[0]}" : $"({string.Join(", ", values)})";
}
