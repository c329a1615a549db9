using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace EFCore.Cloning.Web.Tests.Infrastructure;

/// <summary>Reads and writes the app's database with plain SQL, past EF, so that tests see what the app really stored.</summary>
public sealed class PlainSql
{
    private readonly Func<DbConnection> _connect;

    private PlainSql(string connectionString, Func<DbConnection> connect)
    {
        ConnectionString = connectionString;
        _connect = connect;
    }

    public string ConnectionString { get; }

    public static PlainSql Sqlite(string connectionString) => new(connectionString, () => new SqliteConnection(connectionString));

    public static PlainSql Postgres(string connectionString) => new(connectionString, () => new NpgsqlConnection(connectionString));

    /// <summary>The first column of the first row, converted to <typeparamref name="T"/>.</summary>
    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = _connect();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = await command.ExecuteScalarAsync();
        return (T)Convert.ChangeType(value!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public Task<long> CountAsync(string table, string where = "1 = 1") => ScalarAsync<long>($"SELECT COUNT(*) FROM \"{table}\" WHERE {where}");

    /// <summary>Every row's columns, as text (null as "null"), in the order the query gives.</summary>
    public async Task<List<string[]>> RowsAsync(string sql)
    {
        await using var connection = _connect();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string[]>();
        while (await reader.ReadAsync())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount)
                .Select(i => reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!)
                .ToArray());
        }

        return rows;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = _connect();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Rows per table of the app's model, to compare a database before and after a request.</summary>
    public async Task<string> FingerprintAsync()
    {
        var counts = new List<string>();
        foreach (var table in new[] { "Projects", "Tasks", "Comments", "Attachments" })
        {
            counts.Add($"{table}={await CountAsync(table)}");
        }

        return string.Join(", ", counts);
    }
}
