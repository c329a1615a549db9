using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Scaffolding.Metadata;

namespace EFCore.Cloning.Tool.Schema;

/// <summary>
/// <c>--fk "orders.customer_ref -> customers.code"</c>: a relationship the application knows and the schema does not
/// declare, added to the schema as read, so that copies follow and remap it like a declared foreign key. The
/// principal's columns must be its primary key or a unique constraint, so that each reference names one row.
/// </summary>
internal static class VirtualForeignKeys
{
    /// <summary>Adds each <c>--fk</c> declaration to <paramref name="model"/>, refusing (exit 2) one that names no table, column or unique key.</summary>
    public static void Add(DatabaseModel model, IReadOnlyList<string> declarations)
    {
        foreach (var declaration in declarations)
        {
            var sides = declaration.Split("->", StringSplitOptions.TrimEntries);
            if (sides.Length != 2)
            {
                throw Usage(declaration, "must look like \"table.column -> table.column\" (several columns: \"t.a,b -> u.x,y\")");
            }

            var (dependent, columns) = Side(model, sides[0], declaration);
            var (principal, principalColumns) = Side(model, sides[1], declaration);
            if (columns.Count != principalColumns.Count)
            {
                throw Usage(declaration, $"names {columns.Count} column(s) on the left and {principalColumns.Count} on the right");
            }

            var unique = principal.PrimaryKey?.Columns.SequenceEqual(principalColumns) == true
                || principal.UniqueConstraints.Any(u => u.Columns.SequenceEqual(principalColumns))
                || principal.Indexes.Any(i => i.IsUnique && i.Filter is null && i.Columns.SequenceEqual(principalColumns));
            if (!unique)
            {
                throw Usage(declaration, $"{principal.Name}.{string.Join(",", principalColumns.Select(c => c.Name))} is neither the primary key nor unique, so a reference could name several rows");
            }

            var foreignKey = new DatabaseForeignKey
            {
                Table = dependent,
                PrincipalTable = principal,
                Name = $"fk_virtual_{dependent.Name}_{string.Join("_", columns.Select(c => c.Name))}",
                OnDelete = ReferentialAction.NoAction,
            };
            columns.ForEach(foreignKey.Columns.Add);
            principalColumns.ForEach(foreignKey.PrincipalColumns.Add);
            dependent.ForeignKeys.Add(foreignKey);
        }
    }

    private static (DatabaseTable Table, List<DatabaseColumn> Columns) Side(DatabaseModel model, string side, string declaration)
    {
        var dot = side.LastIndexOf('.');
        if (dot <= 0)
        {
            throw Usage(declaration, $"'{side}' must be table.column");
        }

        var name = side[..dot];
        var tables = model.Tables.Where(t => t is not DatabaseView && (t.Name.Equals(name, StringComparison.OrdinalIgnoreCase)
            || $"{t.Schema}.{t.Name}".Equals(name, StringComparison.OrdinalIgnoreCase))).ToList();
        if (tables.Count != 1)
        {
            throw Usage(declaration, tables.Count == 0 ? $"there is no table '{name}'" : $"'{name}' names several tables; qualify it with its schema");
        }

        var columns = new List<DatabaseColumn>();
        foreach (var columnName in side[(dot + 1)..].Split(',', StringSplitOptions.TrimEntries))
        {
            columns.Add(tables[0].Columns.FirstOrDefault(c => c.Name.Equals(columnName, StringComparison.OrdinalIgnoreCase))
                ?? throw Usage(declaration, $"the table '{tables[0].Name}' has no column '{columnName}'"));
        }

        return (tables[0], columns);
    }

    private static ToolException Usage(string declaration, string problem) => new($"--fk \"{declaration}\": {problem}.", usage: true);
}
