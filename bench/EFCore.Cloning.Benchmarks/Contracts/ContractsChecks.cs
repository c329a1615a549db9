using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EFCore.Cloning.Benchmarks.Contracts;

/// <summary>
/// Checks a copy of contract 1 after a measured run: complete, inside itself, with unique names, and row for row the
/// original's content. Returns a fingerprint of the copy (names included) so that cases can be compared with each other.
/// </summary>
public static class ContractsChecks
{
    private const string Root = "Master services agreement";

    public static async Task<string> CheckAsync(ContractsDatabase database, string name)
    {
        var db = database.Database;
        var n = database.Sections;
        var copy = await db.CountAsync("SELECT max(\"Id\") FROM \"Contracts\"");
        var c = copy.ToString(CultureInfo.InvariantCulture);
        var facts = new (string What, long Expected, string Sql)[]
        {
            ("root rows (Documents + Contracts)", 2, $"SELECT (SELECT count(*) FROM \"Documents\" WHERE \"Id\" = {c}) + (SELECT count(*) FROM \"Contracts\" WHERE \"Id\" = {c})"),
            ("sections", n, $"SELECT count(*) FROM \"Sections\" WHERE \"ContractId\" = {c}"),
            ("section parents outside the copy", 0, $"SELECT count(*) FROM \"Sections\" s LEFT JOIN \"Sections\" p ON s.\"ParentId\" = p.\"Id\" WHERE s.\"ContractId\" = {c} AND s.\"ParentId\" IS NOT NULL AND (p.\"Id\" IS NULL OR p.\"ContractId\" <> {c})"),
            ("lines", 5L * n, $"SELECT count(*) FROM \"Lines\" l JOIN \"Sections\" s ON l.\"SectionId\" = s.\"Id\" WHERE s.\"ContractId\" = {c}"),
            ("notes", 5L * n, $"SELECT count(*) FROM \"Notes\" x JOIN \"Sections\" s ON x.\"SectionId\" = s.\"Id\" WHERE s.\"ContractId\" = {c}"),
            ("assignments", 2L * n, $"SELECT count(*) FROM \"Assignments\" a JOIN \"Sections\" s ON a.\"SectionId\" = s.\"Id\" WHERE s.\"ContractId\" = {c}"),
            ("the root's name is the first free copy name", 1, $"SELECT count(*) FROM \"Documents\" WHERE \"Id\" = {c} AND \"Name\" = '{Root} (copy)'"),
            ("duplicate document names", 0, "SELECT count(*) - count(DISTINCT \"Name\") FROM \"Documents\""),
            ("duplicate section names among siblings (nulls equal)", 0, "SELECT count(*) FROM (SELECT coalesce(\"ParentId\", -1), \"Name\" FROM \"Sections\" GROUP BY coalesce(\"ParentId\", -1), \"Name\" HAVING count(*) > 1) d"),
            ("top-level copies named '... (copy)'", 10, $"SELECT count(*) FROM \"Sections\" WHERE \"ContractId\" = {c} AND \"ParentId\" IS NULL AND \"Name\" LIKE 'Section % (copy)'"),
        };
        var wrong = new List<string>();
        foreach (var (what, expected, sql) in facts)
        {
            var actual = await db.CountAsync(sql);
            if (actual != expected)
            {
                wrong.Add($"{what}: {actual} (expected {expected})");
            }
        }

        var original = await FingerprintAsync(database, 1, stripCopySuffix: false);
        var copied = await FingerprintAsync(database, copy, stripCopySuffix: true);
        if (original != copied)
        {
            wrong.Add("the copy's content differs from the original's");
        }

        if (wrong.Count > 0)
        {
            throw new InvalidOperationException($"{name}'s copy is wrong: {string.Join("; ", wrong)}.");
        }

        return await FingerprintAsync(database, copy, stripCopySuffix: false);
    }

    /// <summary>A hash of the aggregate's rows, with sections identified by their position (keys differ between copies by design).</summary>
    private static async Task<string> FingerprintAsync(ContractsDatabase database, long contract, bool stripCopySuffix)
    {
        string Json(string field) => database.IsPostgres ? $"l.\"Attributes\"->>'{field}'" : $"json_extract(l.\"Attributes\", '$.{field}')";
        const string sections = "JOIN \"Sections\" s ON s.\"Id\" = {0}.\"SectionId\" WHERE s.\"ContractId\" = @c";
        string[] queries =
        [
            "SELECT d.\"Name\", d.\"OwnerId\", c.\"Value\", c.\"Currency\" FROM \"Documents\" d JOIN \"Contracts\" c ON c.\"Id\" = d.\"Id\" WHERE c.\"Id\" = @c",
            "SELECT s.\"Position\", s.\"Name\", p.\"Position\" FROM \"Sections\" s LEFT JOIN \"Sections\" p ON p.\"Id\" = s.\"ParentId\" WHERE s.\"ContractId\" = @c ORDER BY s.\"Position\"",
            $"SELECT s.\"Position\", l.\"LineNo\", l.\"Text\", l.\"Amount\", {Json("Unit")}, {Json("Quantity")}, {Json("Taxable")} FROM \"Lines\" l {string.Format(CultureInfo.InvariantCulture, sections, "l")} ORDER BY 1, 2",
            $"SELECT s.\"Position\", x.\"AuthorId\", x.\"Body\" FROM \"Notes\" x {string.Format(CultureInfo.InvariantCulture, sections, "x")} ORDER BY 1, 3",
            $"SELECT s.\"Position\", a.\"PersonId\", a.\"Role\", a.\"AddedOn\" FROM \"Assignments\" a {string.Format(CultureInfo.InvariantCulture, sections, "a")} ORDER BY 1, 2",
        ];
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var connection = database.Database.Connect();
        await connection.OpenAsync();
        foreach (var sql in queries)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.CommandTimeout = 3600;
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@c";
            parameter.Value = (int)contract;
            command.Parameters.Add(parameter);
            await using var reader = await command.ExecuteReaderAsync();
            var row = new StringBuilder();
            while (await reader.ReadAsync())
            {
                row.Clear();
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    row.Append(Text(reader, i, stripCopySuffix)).Append('\u001f');
                }

                hash.AppendData(Encoding.UTF8.GetBytes(row.Append('\n').ToString()));
            }
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    private static string Text(DbDataReader reader, int i, bool stripCopySuffix) => reader.GetValue(i) switch
    {
        DBNull => "\u2205",
        string s when stripCopySuffix && s.EndsWith(" (copy)", StringComparison.Ordinal) => s[..^" (copy)".Length],
        // SQLite stores EF's decimals as text, PostgreSQL as numeric with its scale: compare the numbers.
        string s when reader.GetName(i) == "Amount" || reader.GetName(i) == "Value" => decimal.Parse(s, CultureInfo.InvariantCulture).ToString("0.############", CultureInfo.InvariantCulture),
        // SQLite stores EF's dates as text: compare the instants.
        string s when reader.GetName(i) == "AddedOn" => DateTime.Parse(s, CultureInfo.InvariantCulture).ToString("yyyy-MM-ddTHH:mm:ss.fffffff", CultureInfo.InvariantCulture),
        decimal d => d.ToString("0.############", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-ddTHH:mm:ss.fffffff", CultureInfo.InvariantCulture),
        var v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "",
    };
}
