using EFCore.Cloning.Sql;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace EFCore.Cloning.Objects;

/// <summary>
/// Writes one table's copies for <see cref="DirectSave"/>, deciding per column what EF's update pipeline decides for
/// an Added entry: a property generated on add whose value is temporary or its sentinel (or that is never saved) is left
/// to the database and read back; any other property saved on insert is written. Rows that write the same columns and
/// read nothing back share statements; rows that read back are inserted one by one with <c>RETURNING</c>.
/// </summary>
internal sealed class DirectTableWriter(RowWriter writer, HashSet<(EntityEntry, IProperty)> givenSentinels, int? batchSize)
{
    public async Task WriteAsync(List<DirectPart> rows)
    {
        // Depth first (a principal's statement comes before its dependents'), then the columns each row writes.
        foreach (var group in rows.GroupBy(r => (r.Depth, Type: r.Entry.Metadata, ReadBack: ReadBackMask(r))).OrderBy(g => g.Key.Depth))
        {
            var first = group.First();
            var written = new List<IColumnMapping>();
            var returned = new List<IColumnMapping>();
            foreach (var column in first.Mapping.ColumnMappings)
            {
                if (ReadsBack(first, column.Property))
                {
                    returned.Add(column);
                }
                else if (column.Property.GetBeforeSaveBehavior() == PropertySaveBehavior.Save || column.Property == first.Row.NewKey)
                {
                    written.Add(column);
                }
            }

            var table = first.Table;
            var json = JsonOwnedDocument.ColumnsOf(group.Key.Type, table);
            var columns = written.Select(c => new WrittenColumn(c.Column.Name, c.TypeMapping, c.Column.IsNullable))
                .Concat(json.Select(j => new WrittenColumn(j.Column.Name, j.Column.StoreTypeMapping, j.Column.IsNullable)))
                .ToList();
            // Only the root table's key column is the identity (a TPT table's key references it).
            var overriding = first.HoldsKey && written.Any(c => c.Property == first.Row.NewKey) && Schema.EfValueGeneration.Of(first.Row.NewKey!) == Schema.ValueGeneration.IdentityAlways;
            if (returned.Count == 0)
            {
                var values = group.Select(r => Values(r, written, json)).ToList();
                await writer.InsertAsync(table.Name, table.Schema, columns, overriding, values, batchSize).ConfigureAwait(false);
                continue;
            }

            var reading = returned.Select(c => new WrittenColumn(c.Column.Name, c.TypeMapping, c.Column.IsNullable)).ToList();
            foreach (var row in group)
            {
                var read = await writer.InsertReturningAsync(table.Name, table.Schema, columns, overriding, Values(row, written, json), reading).ConfigureAwait(false);
                for (var i = 0; i < returned.Count; i++)
                {
                    row.Entry.Property(returned[i].Property).CurrentValue = read[i];
                }
            }
        }
    }

    private static object?[] Values(DirectPart part, List<IColumnMapping> written, IReadOnlyList<(INavigation Navigation, IColumn Column)> json)
    {
        var values = new object?[written.Count + json.Count];
        for (var i = 0; i < written.Count; i++)
        {
            values[i] = Value(part, written[i].Property);
        }

        for (var i = 0; i < json.Count; i++)
        {
            values[written.Count + i] = JsonOwnedDocument.Write(part.Entry, json[i].Navigation);
        }

        return values;
    }

    private static object? Value(DirectPart part, IProperty property)
        => property == part.Row.NewKey ? part.Row.ReservedKey : part.Row.Current[property];

    /// <summary>Which of the row's columns are read back (their positions; empty for most rows): rows of a type differ only where a value is a sentinel.</summary>
    private string ReadBackMask(DirectPart row)
    {
        System.Text.StringBuilder? mask = null;
        var i = 0;
        foreach (var column in row.Mapping.ColumnMappings)
        {
            if (ReadsBack(row, column.Property))
            {
                (mask ??= new()).Append(i).Append(',');
            }

            i++;
        }

        return mask?.ToString() ?? string.Empty;
    }

    /// <summary>EF's rule (an Added entry's store-generated property), except the reserved key and values the plan gave that equal the sentinel.</summary>
    private bool ReadsBack(DirectPart row, IProperty property)
    {
        if (property == row.Row.NewKey || (property.ValueGenerated & ValueGenerated.OnAdd) == 0)
        {
            return false;
        }

        // CopyValues notes these: EF would leave the column to its default and the operation writes the value after; written at once here.
        if (givenSentinels.Contains((row.Entry, property)))
        {
            return false;
        }

        var entry = row.Entry.Property(property);
        return property.GetBeforeSaveBehavior() == PropertySaveBehavior.Ignore || entry.IsTemporary || DirectLinks.IsSentinel(property, entry.CurrentValue);
    }
}
