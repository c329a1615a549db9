using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace EFCore.Cloning.Objects;

/// <summary>One copy <see cref="DirectSave"/> inserts: its entry, its table, the key it is given, the copies it references.</summary>
internal sealed class DirectRow(EntityEntry entry, ITableMapping mapping)
{
    public EntityEntry Entry { get; } = entry;

    public ITableMapping Mapping { get; } = mapping;

    public ITable Table => Mapping.Table;

    /// <summary>The generated key property that gets a reserved key (null: the copy's key is written as it is).</summary>
    public IProperty? NewKey { get; set; }

    /// <summary>The reserved key, once known.</summary>
    public object? ReservedKey { get; set; }

    /// <summary>Foreign keys of this copy that point at another copy whose key is reserved, with that copy.</summary>
    public List<(IForeignKey ForeignKey, DirectRow Principal)> References { get; } = [];

    /// <summary>How many copies of the same table this one hangs under (0: none); rows are inserted in increasing depth.</summary>
    public int Depth { get; set; } = -1;
}

/// <summary>The order <see cref="DirectSave"/> inserts in: tables by their references, rows of a self-referencing table by depth.</summary>
internal static class DirectOrder
{
    /// <summary>Tables with their rows, principals first; null when the copies reference each other in a cycle.</summary>
    public static List<(ITable Table, List<DirectRow> Rows)>? Of(List<DirectRow> rows)
    {
        var byTable = new Dictionary<ITable, List<DirectRow>>();
        foreach (var row in rows)
        {
            if (!byTable.TryGetValue(row.Table, out var list))
            {
                byTable[row.Table] = list = [];
            }

            list.Add(row);
        }

        var dependsOn = byTable.Keys.ToDictionary(t => t, _ => new HashSet<ITable>());
        foreach (var row in rows)
        {
            foreach (var (_, principal) in row.References)
            {
                if (principal.Table != row.Table)
                {
                    dependsOn[row.Table].Add(principal.Table);
                }
            }
        }

        var ordered = new List<(ITable, List<DirectRow>)>();
        var done = new HashSet<ITable>();
        while (done.Count < byTable.Count)
        {
            var ready = byTable.Keys.Where(t => !done.Contains(t) && dependsOn[t].All(done.Contains)).ToList();
            if (ready.Count == 0)
            {
                return null;
            }

            foreach (var table in ready)
            {
                done.Add(table);
                if (Levels(byTable[table]) is not { } levels)
                {
                    return null;
                }

                ordered.Add((table, levels));
            }
        }

        return ordered;
    }

    /// <summary>
    /// The rows of one table in the order EF's update pipeline would insert them (Kahn's algorithm over the references
    /// between them, ready rows in the order they were built), each with its depth (its level in that order); null on a cycle.
    /// </summary>
    private static List<DirectRow>? Levels(List<DirectRow> rows)
    {
        var children = new Dictionary<DirectRow, List<DirectRow>>(ReferenceEqualityComparer.Instance);
        var pending = new Dictionary<DirectRow, int>(ReferenceEqualityComparer.Instance);
        foreach (var row in rows)
        {
            pending[row] = 0;
        }

        foreach (var row in rows)
        {
            // A row referencing itself goes into one statement with itself, which both databases check at its end.
            foreach (var (_, principal) in row.References.Where(r => r.Principal.Table == row.Table && !ReferenceEquals(r.Principal, row)))
            {
                if (!children.TryGetValue(principal, out var list))
                {
                    children[principal] = list = [];
                }

                list.Add(row);
                pending[row]++;
            }
        }

        var level = rows.Where(r => pending[r] == 0).ToList();
        var ordered = new List<DirectRow>(rows.Count);
        for (var depth = 0; level.Count > 0; depth++)
        {
            var next = new List<DirectRow>();
            foreach (var row in level)
            {
                row.Depth = depth;
                ordered.Add(row);
                foreach (var child in children.GetValueOrDefault(row) ?? [])
                {
                    if (--pending[child] == 0)
                    {
                        next.Add(child);
                    }
                }
            }

            level = next;
        }

        return ordered.Count == rows.Count ? ordered : null;
    }
}
