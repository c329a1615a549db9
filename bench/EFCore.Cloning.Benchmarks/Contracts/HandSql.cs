using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace EFCore.Cloning.Benchmarks.Contracts;

/// <summary>
/// Workload 2's reference: the key-mapped copy an expert would write by hand for exactly this schema. Keys are allocated
/// ahead into temporary old -> new maps for the two tables other rows point at (Documents, Sections); then one
/// INSERT ... SELECT per table joins the maps: the section tree's parents, the lines' composite key, the notes and the
/// assignments (the link's copied side, with its payload) all take the new section. Names under unique indexes get the
/// first free " (copy)", " (copy N)" suffix in SQL: the root's, and the top-level sections' (the library counts nulls in
/// (ParentId, Name) as equal, so a top-level copy beside its original is suffixed; the hand copy does the same).
/// </summary>
public static class HandSql
{
    public static async Task RunAsync(ContractsDatabase database)
    {
        // The context's own connection, so that the connection is set up as the library's (SQLite: foreign keys on).
        await using var db = database.CreateContext();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var connection = db.Database.GetDbConnection();
        foreach (var sql in database.IsPostgres ? Postgres : Sqlite)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction.GetDbTransaction();
            command.CommandText = sql;
            command.CommandTimeout = 3600;
            AddParameter(command, "@root", 1);
            await command.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static string Suffix(string i) => $"CASE WHEN {i} = 1 THEN ' (copy)' ELSE ' (copy ' || {i} || ')' END";

    // The first free name is within (count of rows in the scope + 1) candidates: each row takes at most one.
    private static string RootName(string numbers) =>
        $"d.\"Name\" || (SELECT {Suffix("min(k.i)")} FROM {numbers} WHERE NOT EXISTS "
        + $"(SELECT 1 FROM \"Documents\" x WHERE x.\"Name\" = d.\"Name\" || {Suffix("k.i")}))";

    private static string TopNames(string numbers) =>
        "INSERT INTO \"u_sec\" (\"o\", \"v\") "
        + $"SELECT f.o, s.\"Name\" || {Suffix("f.i")} FROM (SELECT s.\"Id\" AS o, min(k.i) AS i FROM \"Sections\" s CROSS JOIN {numbers} "
        + "WHERE s.\"ContractId\" = @root AND s.\"ParentId\" IS NULL AND NOT EXISTS "
        + $"(SELECT 1 FROM \"Sections\" x WHERE x.\"ParentId\" IS NULL AND x.\"Name\" = s.\"Name\" || {Suffix("k.i")}) GROUP BY s.\"Id\") f "
        + "JOIN \"Sections\" s ON s.\"Id\" = f.o";

    private static readonly string[] Inserts =
    [
        "INSERT INTO \"Contracts\" (\"Id\", \"Value\", \"Currency\") SELECT m.\"n\", c.\"Value\", c.\"Currency\" FROM \"Contracts\" c JOIN \"k_doc\" m ON c.\"Id\" = m.\"o\"",
        "INSERT INTO \"Sections\" (\"Id\", \"ContractId\", \"ParentId\", \"Name\", \"Position\") "
        + "SELECT m.\"n\", (SELECT \"n\" FROM \"k_doc\"), p.\"n\", coalesce(u.\"v\", s.\"Name\"), s.\"Position\" FROM \"Sections\" s JOIN \"k_sec\" m ON s.\"Id\" = m.\"o\" "
        + "LEFT JOIN \"k_sec\" p ON s.\"ParentId\" = p.\"o\" LEFT JOIN \"u_sec\" u ON u.\"o\" = s.\"Id\"",
        "INSERT INTO \"Lines\" (\"SectionId\", \"LineNo\", \"Text\", \"Amount\", \"Attributes\") "
        + "SELECT m.\"n\", l.\"LineNo\", l.\"Text\", l.\"Amount\", l.\"Attributes\" FROM \"Lines\" l JOIN \"k_sec\" m ON l.\"SectionId\" = m.\"o\"",
        "INSERT INTO \"Notes\" (\"SectionId\", \"AuthorId\", \"Body\") SELECT m.\"n\", x.\"AuthorId\", x.\"Body\" FROM \"Notes\" x JOIN \"k_sec\" m ON x.\"SectionId\" = m.\"o\"",
        "INSERT INTO \"Assignments\" (\"SectionId\", \"PersonId\", \"Role\", \"AddedOn\") "
        + "SELECT m.\"n\", a.\"PersonId\", a.\"Role\", a.\"AddedOn\" FROM \"Assignments\" a JOIN \"k_sec\" m ON a.\"SectionId\" = m.\"o\"",
    ];

    /// <summary>PostgreSQL: keys from the identity sequences (nextval per row, safe against concurrent inserts); maps analyzed, as autovacuum never sees temporary tables.</summary>
    private static readonly string[] Postgres =
    [
        "CREATE TEMP TABLE \"k_doc\" (\"o\" integer PRIMARY KEY, \"n\" integer NOT NULL) ON COMMIT DROP",
        "INSERT INTO \"k_doc\" SELECT \"Id\", nextval(pg_get_serial_sequence('\"Documents\"', 'Id')) FROM \"Contracts\" WHERE \"Id\" = @root",
        "CREATE TEMP TABLE \"k_sec\" (\"o\" integer PRIMARY KEY, \"n\" integer NOT NULL) ON COMMIT DROP",
        "INSERT INTO \"k_sec\" SELECT \"Id\", nextval(pg_get_serial_sequence('\"Sections\"', 'Id')) FROM \"Sections\" WHERE \"ContractId\" = @root ORDER BY \"Id\"",
        "ANALYZE \"k_sec\"",
        "CREATE TEMP TABLE \"u_sec\" (\"o\" integer PRIMARY KEY, \"v\" varchar(120) NOT NULL) ON COMMIT DROP",
        TopNames("generate_series(1, (SELECT count(*) + 1 FROM \"Sections\" WHERE \"ParentId\" IS NULL)) AS k(i)"),
        $"INSERT INTO \"Documents\" (\"Id\", \"Name\", \"OwnerId\", \"CreatedAt\") SELECT m.\"n\", {RootName("generate_series(1, (SELECT count(*) + 1 FROM \"Documents\")) AS k(i)")}, d.\"OwnerId\", CURRENT_TIMESTAMP "
        + "FROM \"Documents\" d JOIN \"k_doc\" m ON d.\"Id\" = m.\"o\"",
        .. Inserts,
    ];

    private static string SqliteNumbers(string count) => $"(WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ({count})) SELECT i FROM n) AS k";

    /// <summary>SQLite: keys past the table's maximum, inside the write transaction (BEGIN IMMEDIATE holds the only writer).</summary>
    private static readonly string[] Sqlite =
    [
        "DROP TABLE IF EXISTS temp.\"k_doc\"",
        "DROP TABLE IF EXISTS temp.\"k_sec\"",
        "DROP TABLE IF EXISTS temp.\"u_sec\"",
        "CREATE TEMP TABLE \"k_doc\" (\"o\" INTEGER PRIMARY KEY, \"n\" INTEGER NOT NULL)",
        "INSERT INTO \"k_doc\" SELECT \"Id\", (SELECT max(\"Id\") FROM \"Documents\") + 1 FROM \"Contracts\" WHERE \"Id\" = @root",
        "CREATE TEMP TABLE \"k_sec\" (\"o\" INTEGER PRIMARY KEY, \"n\" INTEGER NOT NULL)",
        "INSERT INTO \"k_sec\" SELECT \"Id\", (SELECT max(\"Id\") FROM \"Sections\") + row_number() OVER (ORDER BY \"Id\") FROM \"Sections\" WHERE \"ContractId\" = @root",
        "CREATE TEMP TABLE \"u_sec\" (\"o\" INTEGER PRIMARY KEY, \"v\" TEXT NOT NULL)",
        TopNames(SqliteNumbers("SELECT count(*) + 1 FROM \"Sections\" WHERE \"ParentId\" IS NULL")),
        $"INSERT INTO \"Documents\" (\"Id\", \"Name\", \"OwnerId\", \"CreatedAt\") SELECT m.\"n\", {RootName(SqliteNumbers("SELECT count(*) + 1 FROM \"Documents\""))}, d.\"OwnerId\", CURRENT_TIMESTAMP "
        + "FROM \"Documents\" d JOIN \"k_doc\" m ON d.\"Id\" = m.\"o\"",
        .. Inserts,
    ];
}
