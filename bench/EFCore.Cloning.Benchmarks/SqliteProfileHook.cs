using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace EFCore.Cloning.Benchmarks;

/// <summary>
/// Registers SQLite's sqlite3_profile hook on each opening of a profiled context's connection: every statement, EF's or
/// the library's, with its time. The connection's StateChange event is used, not an EF interceptor, because set mode
/// may open the connection itself.
/// </summary>
internal static class SqliteProfileHook
{
    public static void Attach(DbConnection connection, Profiler profiler)
    {
        if (connection is not SqliteConnection sqlite)
        {
            return;
        }

        sqlite.StateChange += (_, e) =>
        {
            if (e.CurrentState == ConnectionState.Open && sqlite.Handle is { } handle)
            {
                raw.sqlite3_profile(handle, (strdelegate_profile)((_, sql, nanoseconds) => profiler.Add(sql, nanoseconds)), null);
            }
        };
    }
}
