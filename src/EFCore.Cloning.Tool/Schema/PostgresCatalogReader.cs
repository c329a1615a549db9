using EFCore.Cloning.Tool.Database;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Scaffolding.Metadata;
using Npgsql;

namespace EFCore.Cloning.Tool.Schema;

/// <summary>
/// Reads a PostgreSQL schema from <c>pg_catalog</c> into EF's <see cref="DatabaseModel"/>. Npgsql's design-time
/// reader drops enum columns, calls a <c>nextval</c> default "serial" even when the sequence is not owned by the
/// column (then removes the default, which names the sequence), and lists partitions instead of partitioned tables.
/// Here every column is read with its own type name (enums, domains, ranges, arrays), defaults are kept as written,
/// partitions are hidden behind their parent, and constraints cloned onto partitions are left out.
/// </summary>
internal static class PostgresCatalogReader
{
    /// <summary>Annotation on a column: the type its values read and write as (a domain's base type), for CLR mapping.</summary>
    public const string ValueType = "efclone:ValueType";

    private const string TablesSql = """
        SELECT c.oid::int8, n.nspname, c.relname, c.relkind = 'p'
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
          AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
        ORDER BY n.nspname, c.relname
        """;

    private const string ColumnsSql = """
        SELECT a.attrelid::int8, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull,
               pg_get_expr(d.adbin, d.adrelid), a.attidentity::text, a.attgenerated::text,
               CASE WHEN t.typtype = 'e' THEN 'enum' WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END
        FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE a.attnum > 0 AND NOT a.attisdropped AND a.attrelid::int8 = ANY(@tables)
        ORDER BY a.attrelid, a.attnum
        """;

    // Constraints of the tables themselves: those PostgreSQL clones onto partitions have a parent constraint.
    private const string ConstraintsSql = """
        SELECT con.conrelid::int8, con.conname, con.contype::text, con.conkey, con.confrelid::int8, con.confkey, con.confdeltype::text
        FROM pg_constraint con
        WHERE con.contype IN ('p', 'u', 'f') AND con.conrelid::int8 = ANY(@tables) AND con.conparentid = 0
        ORDER BY con.conrelid, con.contype, con.conname
        """;

    private const string IndexesSql = """
        SELECT i.indrelid::int8, ic.relname, i.indkey::int2[], pg_get_expr(i.indpred, i.indrelid)
        FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
        WHERE i.indisunique AND NOT i.indisprimary AND i.indexprs IS NULL AND i.indrelid::int8 = ANY(@tables)
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.contype = 'u')
        ORDER BY i.indrelid, ic.relname
        """;

    // Unique indexes over lower(column) or upper(column): case-insensitive uniqueness of those columns.
    private const string CaseIndexesSql = """
        SELECT i.indrelid::int8, ic.relname, i.indkey::int2[], pg_get_expr(i.indexprs, i.indrelid), pg_get_expr(i.indpred, i.indrelid)
        FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
        WHERE i.indisunique AND NOT i.indisprimary AND i.indexprs IS NOT NULL AND i.indrelid::int8 = ANY(@tables)
        ORDER BY i.indrelid, ic.relname
        """;

    /// <summary>Marks an index (over <c>lower(column)</c>) whose columns compare without case.</summary>
    public const string CaseInsensitiveAnnotation = "EFCore.Cloning:CaseInsensitive";

    /// <summary>The schema of the database <paramref name="connectionString"/> names.</summary>
    public static DatabaseModel Read(string connectionString)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        var model = new DatabaseModel { DefaultSchema = "public" };
        var tables = new Dictionary<long, DatabaseTable>();
        var partitioned = new HashSet<DatabaseTable>();
        foreach (var row in Query(connection, TablesSql, null))
        {
            var table = new DatabaseTable { Database = model, Schema = (string)row[1]!, Name = (string)row[2]! };
            model.Tables.Add(table);
            tables[(long)row[0]!] = table;
            if ((bool)row[3]!)
            {
                partitioned.Add(table);
            }
        }

        var oids = tables.Keys.ToArray();
        var columns = new Dictionary<(long, short), DatabaseColumn>();
        foreach (var row in Query(connection, ColumnsSql, oids))
        {
            var table = tables[(long)row[0]!];
            var defaultSql = row[5] as string;
            var generated = (string)row[7]! == "s";
            var column = new DatabaseColumn
            {
                Table = table,
                Name = (string)row[2]!,
                StoreType = (string)row[3]!,
                IsNullable = (bool)row[4]!,
                DefaultValueSql = generated ? null : defaultSql,
                ComputedColumnSql = generated ? defaultSql : null,
                IsStored = generated ? true : null,
            };
            column[ValueType] = row[8] as string ?? column.StoreType;
            switch ((string)row[6]!)
            {
                case "a":
                    column["Npgsql:ValueGenerationStrategy"] = "IdentityAlwaysColumn";
                    break;
                case "d":
                    column["Npgsql:ValueGenerationStrategy"] = "IdentityByDefaultColumn";
                    break;
            }

            table.Columns.Add(column);
            columns[((long)row[0]!, (short)row[1]!)] = column;
        }

        foreach (var row in Query(connection, ConstraintsSql, oids))
        {
            var table = tables[(long)row[0]!];
            var name = (string)row[1]!;
            var keyColumns = ((short[])row[3]!).Select(n => columns[((long)row[0]!, n)]).ToList();
            switch ((string)row[2]!)
            {
                case "p":
                    var primaryKey = new DatabasePrimaryKey { Table = table, Name = name };
                    keyColumns.ForEach(primaryKey.Columns.Add);
                    table.PrimaryKey = primaryKey;
                    break;
                case "u":
                    var unique = new DatabaseUniqueConstraint { Table = table, Name = name };
                    keyColumns.ForEach(unique.Columns.Add);
                    table.UniqueConstraints.Add(unique);
                    break;
                default:
                    if (!tables.TryGetValue((long)row[4]!, out var principal))
                    {
                        continue;
                    }

                    var foreignKey = new DatabaseForeignKey { Table = table, PrincipalTable = principal, Name = name, OnDelete = OnDelete((string)row[6]!) };
                    keyColumns.ForEach(foreignKey.Columns.Add);
                    foreach (var number in (short[])row[5]!)
                    {
                        foreignKey.PrincipalColumns.Add(columns[((long)row[4]!, number)]);
                    }

                    table.ForeignKeys.Add(foreignKey);
                    break;
            }
        }

        foreach (var row in Query(connection, IndexesSql, oids))
        {
            var table = tables[(long)row[0]!];
            var index = new DatabaseIndex { Table = table, Name = (string)row[1]!, IsUnique = true, Filter = row[3] as string };
            foreach (var number in (short[])row[2]!)
            {
                index.Columns.Add(columns[((long)row[0]!, number)]);
            }

            table.Indexes.Add(index);
        }

        foreach (var row in Query(connection, CaseIndexesSql, oids))
        {
            if (CaseIndex(tables[(long)row[0]!], (string)row[1]!, (short[])row[2]!, (string)row[3]!, row[4] as string, number => columns.GetValueOrDefault(((long)row[0]!, number))) is { } index)
            {
                index.Table!.Indexes.Add(index);
            }
        }

        foreach (var table in partitioned.Where(t => t.PrimaryKey is null))
        {
            PartitionedKey(table);
        }

        return model;
    }

    /// <summary>
    /// A partitioned table may have no primary key of its own (its partitions may each have one, or not): its rows
    /// are still told apart by a column the database numbers (a sequence or identity), which is taken as its key.
    /// </summary>
    private static void PartitionedKey(DatabaseTable table)
    {
        var numbered = table.Columns.Where(c => !c.IsNullable
            && (c.FindAnnotation("Npgsql:ValueGenerationStrategy") is not null || c.DefaultValueSql?.Contains("nextval(", StringComparison.OrdinalIgnoreCase) == true)).ToList();
        if (numbered.Count != 1)
        {
            return;
        }

        var key = new DatabasePrimaryKey { Table = table, Name = $"{table.Name}_key" };
        key.Columns.Add(numbered[0]);
        table.PrimaryKey = key;
    }

    private static ReferentialAction OnDelete(string code) => code switch
    {
        "c" => ReferentialAction.Cascade,
        "n" => ReferentialAction.SetNull,
        "d" => ReferentialAction.SetDefault,
        "r" => ReferentialAction.Restrict,
        _ => ReferentialAction.NoAction,
    };

    private static List<object?[]> Query(NpgsqlConnection connection, string sql, long[]? tables)
    {
        using var command = new NpgsqlCommand(sql, connection);
        if (tables is not null)
        {
            command.Parameters.AddWithValue("tables", tables);
        }

        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>
    /// A unique index whose expressions are all <c>lower(column)</c> or <c>upper(column)</c>, as a case-insensitive unique
    /// index over those columns; null for any other expression (which the tool cannot reason about).
    /// </summary>
    private static DatabaseIndex? CaseIndex(DatabaseTable table, string name, short[] keys, string expressions, string? filter, Func<short, DatabaseColumn?> column)
    {
        var parts = System.Text.RegularExpressions.Regex.Matches(expressions, @"(?:lower|upper)\(\(?""?(?<c>[^""()]+?)""?\)?(?:::\w+)?\)", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        if (parts.Count != keys.Count(k => k == 0))
        {
            return null;
        }

        var index = new DatabaseIndex { Table = table, Name = name, IsUnique = true, Filter = filter };
        var next = 0;
        foreach (var key in keys)
        {
            var expressionColumn = key == 0 ? parts[next++].Groups["c"].Value : null;
            var found = key != 0 ? column(key) : table.Columns.FirstOrDefault(c => c.Name == expressionColumn);
            if (found is null)
            {
                return null;
            }

            index.Columns.Add(found);
        }

        index[CaseInsensitiveAnnotation] = true;
        return index;
    }
}
