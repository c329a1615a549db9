using System.Diagnostics;
using Npgsql;

namespace EFCore.Cloning.Tests.Reliability;

/// <summary>
/// Acts when the Nth PostgreSQL command of the process starts, from Npgsql's own tracing (every command, whether EF's,
/// set mode's or efclone's, starts an activity): kills the database's server connections, or cancels a token. The
/// activity names no database when it starts, so tests using this run alone (<c>IsolatedCollection</c>).
/// </summary>
public sealed class PostgresFaults : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly string _database;
    private readonly string _adminConnection;
    private int _commands;

    public PostgresFaults(string connectionString, int failAt, Action<PostgresFaults>? onFail = null)
    {
        _database = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        _adminConnection = connectionString;
        FailAt = failAt;
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStarted = activity =>
            {
                if (activity.GetTagItem("db.name") is string name && name != _database)
                {
                    return;
                }

                if (Interlocked.Increment(ref _commands) == FailAt && !Fired)
                {
                    Fired = true;
                    (onFail ?? KillAll)(this);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public int FailAt { get; }

    public bool Fired { get; private set; }

    public int Commands => _commands;

    /// <summary>Terminates every other server connection to the database, as a crash or a network cut would.</summary>
    public void KillAll(PostgresFaults _)
    {
        using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_adminConnection) { Pooling = false }.ConnectionString);
        admin.Open();
        using var kill = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = @db AND pid <> pg_backend_pid()", admin);
        kill.Parameters.AddWithValue("db", _database);
        kill.ExecuteScalar();
    }

    public void Dispose() => _listener.Dispose();
}
