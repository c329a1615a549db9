using EFCore.Cloning.Tool.Database;
using Microsoft.Data.Sqlite;

namespace EFCore.Cloning.Tool.Transfer;

/// <summary>
/// <c>clone</c> with masks: masked values are made from each original row, so the rows go through the tool, as a copy
/// of the database into itself. SQLite allows one writer, so there the rows are read from a snapshot (<c>VACUUM INTO</c>).
/// </summary>
internal static class SelfCopy
{
    /// <summary>Clones with masks: a copy of the database <paramref name="connection"/> into itself.</summary>
    public static async Task<CopyOutcome> RunAsync(string connection, string? provider, CloneRequest request, IProgress<CloneProgress>? progress, CancellationToken cancellationToken)
    {
        var target = ToolSession.Open(connection, provider, request.ForeignKeys);
        if (target.Database.Kind != DatabaseProvider.Sqlite)
        {
            return await CrossDatabaseCopy.RunAsync(ToolSession.Open(connection, provider, request.ForeignKeys), target, request, progress, cancellationToken);
        }

        var folder = Directory.CreateTempSubdirectory("efclone-snapshot-").FullName;
        var snapshot = Path.Combine(folder, "snapshot.db");
        try
        {
            await using (var sqlite = (SqliteConnection)target.Database.CreateConnection())
            {
                await sqlite.OpenAsync(cancellationToken);
                await using var command = sqlite.CreateCommand();
                command.CommandText = "VACUUM INTO @path";
                command.Parameters.AddWithValue("@path", snapshot);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            var source = ToolSession.Open(new SqliteConnectionStringBuilder { DataSource = snapshot, Pooling = false }.ToString(), DatabaseProvider.Sqlite, request.ForeignKeys);
            return await CrossDatabaseCopy.RunAsync(source, target, request, progress, cancellationToken);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
