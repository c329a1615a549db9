using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace EFCore.Cloning.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server tests run against: the one in EFCLONE_PG_CONNECTION (eng/test.sh starts it), or else a
/// throwaway cluster this process starts once and stops when it exits, so that a plain <c>dotnet test</c> works too.
/// </summary>
public static class PostgresServer
{
    private static readonly Lazy<string> Server = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>A connection string to the server's maintenance database.</summary>
    public static string ConnectionString => Server.Value;

    /// <summary>Creates an empty database with a unique name and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 60)].ToLowerInvariant();
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, closing its connections.</summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string Start()
    {
        if (Environment.GetEnvironmentVariable("EFCLONE_PG_CONNECTION") is { Length: > 0 } configured)
        {
            return configured;
        }

        var bin = new[] { "/usr/lib/postgresql/15/bin" }
            .Concat(Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")) : [])
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
            ?? throw new InvalidOperationException("No PostgreSQL server found: run the tests with 'bash eng/test.sh', which installs and starts one, or set EFCLONE_PG_CONNECTION.");

        var directory = Directory.CreateTempSubdirectory("efclone-pg-").FullName;
        var port = FreePort();
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            Run("chown", $"postgres {directory}");
        }

        Run(Path.Combine(bin, "initdb"), $"-D {directory}/data -U postgres --auth=trust --encoding=UTF8", asRoot);
        Run(Path.Combine(bin, "pg_ctl"), $"-D {directory}/data -l {directory}/server.log -w -t 60 -o \"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off -c synchronous_commit=off\" start", asRoot);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            Run(Path.Combine(bin, "pg_ctl"), $"-D {directory}/data -m immediate stop", asRoot, check: false);
            Directory.Delete(directory, recursive: true);
        };
        return $"Host=127.0.0.1;Port={port};Username=postgres;Password=postgres;Database=postgres;Include Error Detail=true";
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Run(string file, string arguments, bool asPostgres = false, bool check = true)
    {
        var start = asPostgres
            ? new ProcessStartInfo("runuser", $"-u postgres -- {file} {arguments}")
            : new ProcessStartInfo(file, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (check && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{file} {arguments}' failed ({process.ExitCode}): {output}");
        }
    }
}
