using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace EFCore.Cloning.Tests.Reliability;

/// <summary>Every table's row count and content checksum: equal fingerprints mean the data did not change.</summary>
public static class DatabaseFingerprint
{
    public static async Task<Dictionary<string, string>> OfPostgresAsync(string connectionString)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = 'public' ORDER BY 1", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var result = new Dictionary<string, string>();
        foreach (var table in tables)
        {
            await using var command = new NpgsqlCommand($"SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), '') FROM {table} t", connection);
            result[table] = (string)(await command.ExecuteScalarAsync())!;
        }

        return result;
    }

    /// <summary>Temporary tables left in any session of the database (set mode's key maps must not survive).</summary>
    public static async Task<long> TemporaryTablesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_class WHERE relpersistence = 't' AND relname LIKE 'efc\\_%'", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
