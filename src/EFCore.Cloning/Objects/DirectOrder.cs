using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace EFCore.Cloning.Objects;

/// <summary>The order <see cref="DirectSave"/> inserts in: tables by their references, rows of a self-referencing table by depth.</summary>
internal static class DirectOrder
{
    /// <summary>Tables with their rows' parts, principals first; null when the copies reference each other in a cycle.</summary>
    public static List<(ITable Table, List<DirectPart> Parts)>? Of(List<DirectRow> rows)
    {
        var byTable = new Dictionary<ITable, List<DirectPart>>();
        var dependsOn = new Dictionary<ITable, HashSet<ITable>>();
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Mappings.Count; i++)
            {
                var table = row.Mappings[i].Table;
                if (!byTable.TryGetValue(table, out var list))
                {
                    byTable[table] = list = [];
                    dependsOn[table] = [];
                }

                list.Add(new DirectPart(row, row.Mappings[i], i));

                // A TPT row's derived table references its root table's row by key.
                dependsOn[table].UnionWith(row.Mappings.Take(i).Select(m => m.Table));
                foreach (var (foreignKey, principal) in row.References)
                {
                    if (Holds(row.Mappings[i], foreignKey) && Target(foreignKey, principal) is { } target && target != table)
                    {
                        dependsOn[table].Add(target);
                    }
                }
            }
        }

        var ordered = new List<(ITable, List<DirectPart>)>();
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
                if (Levels(table, byTable[table]) is not { } levels)
                {
                    return null;
                }

                ordered.Add((table, levels));
            }
        }

        return ordered;
    }

    /// <summary>
    /// The parts of one table in the order EF's update pipeline would insert them (Kahn's algorithm over the references
    /// between them, ready rows in the order they were built), each with its depth (its level in that order); null on a cycle.
    /// </summary>
    private static List<DirectPart>? Levels(ITable table, List<DirectPart> parts)
    {
        var byRow = new Dictionary<DirectRow, DirectPart>(ReferenceEqualityComparer.Instance);
        foreach (var part in parts)
        {
            byRow[part.Row] = part;
        }

        var children = new Dictionary<DirectPart, List<DirectPart>>(ReferenceEqualityComparer.Instance);
        var pending = new Dictionary<DirectPart, int>(ReferenceEqualityComparer.Instance);
        foreach (var part in parts)
        {
            pending[part] = 0;
        }

        foreach (var part in parts)
        {
            // A row referencing itself goes into one statement with itself, which both databases check at its end.
            foreach (var (_, principal) in part.Row.References.Where(r => !ReferenceEquals(r.Principal, part.Row) && Holds(part.Mapping, r.ForeignKey) && Target(r.ForeignKey, r.Principal) == table))
            {
                var parent = byRow[principal];
                if (!children.TryGetValue(parent, out var list))
                {
                    children[parent] = list = [];
                }

                list.Add(part);
                pending[part]++;
            }
        }

        var level = parts.Where(p => pending[p] == 0).ToList();
        var ordered = new List<DirectPart>(parts.Count);
        for (var depth = 0; level.Count > 0; depth++)
        {
            var next = new List<DirectPart>();
            foreach (var part in level)
            {
                part.Depth = depth;
                ordered.Add(part);
                foreach (var child in children.GetValueOrDefault(part) ?? [])
                {
                    if (--pending[child] == 0)
                    {
                        next.Add(child);
                    }
                }
            }

            level = next;
        }

        return ordered.Count == parts.Count ? ordered : null;
    }

    /// <summary>Whether the foreign key's columns are in this table (a TPT row's other tables do not wait for its principal).</summary>
    private static bool Holds(ITableMapping mapping, IForeignKey foreignKey)
        => mapping.ColumnMappings.Any(c => foreignKey.Properties.Contains(c.Property));

    /// <summary>The principal's table the foreign key's constraint points at: the principal type's own table (TPT: not its root's).</summary>
    private static ITable? Target(IForeignKey foreignKey, DirectRow principal)
        => principal.Mappings.FirstOrDefault(m => m.Table.Name == foreignKey.PrincipalEntityType.GetTableName() && m.Table.Schema == foreignKey.PrincipalEntityType.GetSchema())?.Table;
}
