using System.Data.Common;
using Npgsql;

namespace EFCore.Cloning.Tool.Transfer;

/// <summary>Streams rows into a PostgreSQL staging table with binary COPY, the fastest way in.</summary>
internal static class PostgresCopyWriter
{
    public static async Task WriteAsync(DbConnection connection, string table, string columns, Type?[] types, IAsyncEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        await using var importer = await ((NpgsqlConnection)connection).BeginBinaryImportAsync($"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            await importer.StartRowAsync(cancellationToken);
            foreach (var value in row)
            {
                if (value is null)
                {
                    await importer.WriteNullAsync(cancellationToken);
                }
                else
                {
                    await importer.WriteAsync(value, cancellationToken);
                }
            }
        }

        await importer.CompleteAsync(cancellationToken);
    }
}
