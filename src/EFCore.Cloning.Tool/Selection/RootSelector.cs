using System.Data.Common;
using EFCore.Cloning.Schema;
using EFCore.Cloning.Sql;
using EFCore.Cloning.Tool.Schema;

namespace EFCore.Cloning.Tool.Selection;

/// <summary>
/// The rows the user selected: <c>SELECT key FROM table WHERE condition</c>. The condition is the user's own SQL on
/// their own database; <c>--id</c> values (one per key column: <c>--id 10248,11</c>) are parameters.
/// </summary>
internal static class RootSelector
{
    /// <summary>The selection as SQL with its parameters, for the set-mode engine.</summary>
    public static RootSelection Roots(ToolSession session, DbConnection connection, CloneRequest request)
    {
        var root = session.FindTable(request.Table, "<table>");
        var table = root.Tables[0];
        var key = root.PrimaryKey.Properties;
        var conditions = new List<string>();
        var parameters = new List<DbParameter>();
        if (request.Id is { } id)
        {
            var parts = key.Count == 1 ? [id] : id.Split(',', StringSplitOptions.TrimEntries);
            if (parts.Length != key.Count)
            {
                throw new ToolException(
                    $"--id {id}: the key of '{root.DisplayName}' has {key.Count} columns ({string.Join(", ", key.Select(k => k.Name))}); give one value for each, comma-separated (--id {string.Join(",", key.Select(k => k.Name))}).", usage: true);
            }

            for (var i = 0; i < key.Count; i++)
            {
                var parameter = connection.CreateCommand().CreateParameter();
                parameter.ParameterName = $"@id{i}";
                parameter.Value = StoreTypes.Convert(parts[i], key[i].ClrType ?? typeof(string), $"{root.DisplayName}.{key[i].Name}") ?? DBNull.Value;
                parameters.Add(parameter);
                conditions.Add($"{session.Database.Quote(table.ColumnOf(key[i]))} = @id{i}");
            }
        }

        if (request.Where is { } where)
        {
            conditions.Add($"({where})");
        }

        if (conditions.Count == 0)
        {
            throw new ToolException("Say which rows to copy with --id <key> or --where <condition> (--where \"1=1\" copies every row).", usage: true);
        }

        var sql = $"SELECT {string.Join(", ", key.Select(k => session.Database.Quote(table.ColumnOf(k))))} FROM {session.Database.Quote(table.Table.Name, table.Table.Schema)} WHERE {string.Join(" AND ", conditions)}";
        return new RootSelection(sql, parameters);
    }

    /// <summary>
    /// How many rows the selection matches, and their keys as text when <paramref name="keys"/> (the report needs them
    /// to tell the selected roots from the rows under them in a self-referencing root table); refused when nothing matches.
    /// </summary>
    public static async Task<(long Count, HashSet<string>? Keys)> SelectedAsync(ToolSession session, CloneRequest request, bool keys, CancellationToken cancellationToken)
    {
        await using var connection = session.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        var roots = Roots(session, connection, request);
        await using var command = connection.CreateCommand();
        command.CommandText = keys ? roots.Sql : $"SELECT count(*) FROM ({roots.Sql}) AS q";
        foreach (var parameter in roots.Parameters)
        {
            command.Parameters.Add(parameter);
        }

        var selected = keys ? new HashSet<string>(StringComparer.OrdinalIgnoreCase) : null;
        var count = 0L;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                if (selected is null)
                {
                    count = System.Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture);
                    continue;
                }

                selected.Add(KeyText(Enumerable.Range(0, reader.FieldCount).Select(reader.GetValue).ToList()));
                count++;
            }
        }

        command.Parameters.Clear();
        if (count == 0)
        {
            var root = session.FindTable(request.Table, "<table>");
            var key = string.Join(", ", root.PrimaryKey.Properties.Select(p => p.Name));
            throw new ToolException(request.Id is { } id
                ? $"--id {id}: no row of '{root.DisplayName}' has {key} = {id}, so there is nothing to copy."
                : $"--where {request.Where}: no row of '{root.DisplayName}' matches, so there is nothing to copy.", usage: true);
        }

        return (count, selected);
    }

    /// <summary>A key as text, the same whichever database read it (SQLite reads integers as 64 bits).</summary>
    public static string KeyText(IReadOnlyList<object?> values)
        => string.Join("\u001f", values.Select(v => System.Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)));
}
