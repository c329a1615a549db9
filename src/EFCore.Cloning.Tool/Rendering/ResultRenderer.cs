using System.Text.Json;
using EFCore.Cloning.Tool.Selection;
using EFCore.Cloning.Tool.Transfer;
using Spectre.Console;

namespace EFCore.Cloning.Tool.Rendering;

/// <summary>
/// Shows what a clone or copy did: rows per table, the parent rows brought along, the masks, and the keys of the roots
/// the user selected (not every row of a self-referencing root table), as a table for people or as a JSON report.
/// </summary>
internal static class ResultRenderer
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static void Write(ToolConsole console, CopyOutcome outcome, IReadOnlySet<string>? selected)
    {
        var result = outcome.Result;
        var table = new Table().AddColumn("table").AddColumn(new TableColumn("rows copied").RightAligned());
        foreach (var (name, rows) in result.Tables.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            table.AddRow(Markup.Escape(name), rows.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
        }

        console.Ansi.Write(table);
        if (outcome.Parents.Count > 0)
        {
            console.Ansi.MarkupLine(Markup.Escape($"Parent rows brought along (--with-parents): {string.Join(", ", outcome.Parents.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value:N0}"))}"));
        }

        if (outcome.Plan.Columns.Masks.Count > 0)
        {
            console.Ansi.MarkupLine(Markup.Escape($"Masked: {string.Join(", ", outcome.Plan.Columns.Masks.Select(m => $"{m.Entity.DisplayName}.{m.Property.Name}={m.Describe}"))}"));
        }

        var roots = Roots(outcome, selected);
        var keys = string.Join(", ", roots.Take(10).Select(r => $"{Key(r.Original)} -> {Key(r.Copy)}"));
        var more = roots.Count > 10 ? $" (and {roots.Count - 10} more)" : string.Empty;
        console.Ansi.MarkupLine(Markup.Escape($"Copied {result.TotalRows:N0} rows in {result.Elapsed.TotalSeconds:0.00} s. Roots: {keys}{more}"));
    }

    public static void WriteJson(TextWriter output, CopyOutcome outcome, IReadOnlySet<string>? selected)
    {
        var result = outcome.Result;
        var report = new
        {
            tables = result.Tables.OrderBy(t => t.Key, StringComparer.Ordinal).ToDictionary(t => t.Key, t => t.Value),
            totalRows = result.TotalRows,
            elapsedMs = Math.Round(result.Elapsed.TotalMilliseconds, 1),
            roots = Roots(outcome, selected).Select(r => new { entity = r.Entity, original = r.Original, copy = r.Copy, copyNumber = r.CopyNumber }),
            parents = outcome.Parents.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value),
            masks = outcome.Plan.Columns.Masks.Select(m => new { table = m.Entity.DisplayName, column = m.Property.Name, mask = m.Describe }),
        };
        output.WriteLine(JsonSerializer.Serialize(report, Json));
    }

    /// <summary>The copies of the rows the user selected; a self-referencing root table also copies the rows under them, which are not roots.</summary>
    private static List<KeyMapping> Roots(CopyOutcome outcome, IReadOnlySet<string>? selected)
        => outcome.Result.Roots.Where(r => selected is null || selected.Contains(RootSelector.KeyText(r.Original))).ToList();

    private static string Key(IReadOnlyList<object?> values) => values.Count == 1 ? $"{values[0]}" : $"({string.Join(", ", values)})";
}
