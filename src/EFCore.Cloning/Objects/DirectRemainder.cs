using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

namespace EFCore.Cloning.Objects;

/// <summary>
/// Which copies <see cref="DirectSave"/> leaves to <c>SaveChanges</c>: those it cannot write (owners of owned types
/// other than JSON references, of complex types, ...), every copy in a table they insert into (the keys come out in the
/// order EF alone would give them), and every copy that references one (a principal must be in before its dependents, and SaveChanges runs last).
/// </summary>
internal static class DirectRemainder
{
    /// <summary>The rows the direct save keeps; the others' entries move to <paramref name="remainder"/>.</summary>
    public static List<DirectRow> Split(List<DirectRow> rows, List<EntityEntry> remainder)
    {
        if (remainder.Count == 0)
        {
            return rows;
        }

        var tables = remainder.SelectMany(e => e.Metadata.GetTableMappings()).Select(m => m.Table).ToHashSet();
        var keyed = new HashSet<(IEntityType, string)>();
        var roots = new HashSet<IEntityType>();
        void Add(EntityEntry entry)
        {
            roots.Add(entry.Metadata.GetRootType());
            keyed.Add((entry.Metadata.GetRootType(), KeyText(entry.CurrentValues, entry.Metadata.FindPrimaryKey()!.Properties)));
        }

        remainder.ForEach(Add);
        var kept = rows;
        while (true)
        {
            var next = new List<DirectRow>(kept.Count);
            foreach (var row in kept)
            {
                if (row.Mappings.Any(m => tables.Contains(m.Table)) || References(row.Entry, keyed, roots))
                {
                    remainder.Add(row.Entry);
                    Add(row.Entry);
                }
                else
                {
                    next.Add(row);
                }
            }

            if (next.Count == kept.Count)
            {
                return next;
            }

            kept = next;
        }
    }

    /// <summary>
    /// Accepts the copies inserted here as <c>AcceptAllChanges</c> would (Unchanged, original values set), leaving the
    /// rest Added for SaveChanges.
    /// </summary>
    public static void Accept(IEnumerable<DirectRow> rows)
    {
        foreach (var row in rows)
        {
#pragma warning disable EF1001 // No public API accepts one entry; this is the call AcceptAllChanges makes per entry.
            row.Entry.GetInfrastructure().AcceptChanges();
            foreach (var owned in row.Owned)
            {
                owned.GetInfrastructure().AcceptChanges();
            }
#pragma warning restore EF1001
        }
    }

    /// <summary>Whether a foreign key of the entry holds the key of a copy left to SaveChanges (any copy of the type, for an alternate key).</summary>
    private static bool References(EntityEntry entry, HashSet<(IEntityType, string)> keyed, HashSet<IEntityType> roots)
    {
        foreach (var foreignKey in entry.Metadata.GetForeignKeys())
        {
            var root = foreignKey.PrincipalEntityType.GetRootType();
            if (!roots.Contains(root))
            {
                continue;
            }

            var values = entry.CurrentValues;
            if (foreignKey.Properties.Any(p => values[p] is null))
            {
                continue;
            }

            if (!foreignKey.PrincipalKey.IsPrimaryKey() || keyed.Contains((root, KeyText(values, foreignKey.Properties))))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The key held by <paramref name="properties"/> as text. Equal keys have equal text; unequal ones rarely do (byte
    /// arrays), which only leaves more to SaveChanges, never less.
    /// </summary>
    internal static string KeyText(PropertyValues values, IReadOnlyList<IProperty> properties)
    {
        if (properties.Count == 1)
        {
            return Convert.ToString(values[properties[0]], System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
        }

        var text = new System.Text.StringBuilder();
        for (var i = 0; i < properties.Count; i++)
        {
            text.Append(i == 0 ? string.Empty : "\u001f").Append(Convert.ToString(values[properties[i]], System.Globalization.CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }
}
