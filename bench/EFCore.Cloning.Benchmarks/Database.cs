using System.Data.Common;
using EFCore.Cloning.Samples.Model;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace EFCore.Cloning.Benchmarks;

/// <summary>A benchmark database: SQLite file or PostgreSQL database, created, seeded set-based, and reset between cases.</summary>
public sealed class Database(string provider, string connectionString)
{
    public string Provider { get; } = provider;

    public string ConnectionString { get; } = connectionString;

    public bool IsPostgres => Provider == "postgres";

    public PlannerContext CreateContext()
    {
        var options = new DbContextOptionsBuilder<PlannerContext>();
        if (IsPostgres)
        {
            options.UseNpgsql(ConnectionString, o => o.CommandTimeout(3600));
        }
        else
        {
            options.UseSqlite(ConnectionString, o => o.CommandTimeout(3600));
        }

        var context = new PlannerContext((DbContextOptions<PlannerContext>)options.Options);

        // A profiled run (bench/run.sh --profile) times every statement, EF's and the library's, at the provider.
        if (Profiler.Current is { } profiler)
        {
            SqliteProfileHook.Attach(context.Database.GetDbConnection(), profiler);
        }

        return context;
    }

    public DbConnection Connect() => IsPostgres ? new NpgsqlConnection(ConnectionString) : new SqliteConnection(ConnectionString);

    public static async Task<Database> CreateAsync(string provider, int tasks, string? server)
    {
        var database = await CreateEmptyAsync(provider, $"bench_{tasks}", server);
        await using (var context = database.CreateContext())
        {
            await context.Database.EnsureCreatedAsync();
        }

        await database.SeedAsync(tasks);
        return database;
    }

    /// <summary>This run's SQLite files: a directory of its own, as other runs on the machine may be seeding theirs.</summary>
    public static string SqliteDirectory { get; } = Path.Combine(Path.GetTempPath(), $"efclone-bench-{Environment.ProcessId}");

    /// <summary>An empty database named <paramref name="name"/> (PostgreSQL) or a fresh SQLite file, for a workload to create its tables in.</summary>
    public static async Task<Database> CreateEmptyAsync(string provider, string name, string? server)
    {
        if (provider == "postgres")
        {
            await using (var admin = new NpgsqlConnection(server))
            {
                await admin.OpenAsync();
                await Execute(admin, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                await Execute(admin, $"CREATE DATABASE {name}");
            }

            return new Database(provider, new NpgsqlConnectionStringBuilder(server) { Database = name, CommandTimeout = 3600 }.ConnectionString);
        }

        Directory.CreateDirectory(SqliteDirectory);
        var path = Path.Combine(SqliteDirectory, $"{name}.db");
        File.Delete(path);
        return new Database(provider, $"Data Source={path};Pooling=False;Default Timeout=3600");
    }

    /// <summary>Ten top-level tasks, every later task under an earlier one; ten comments and two tag links per task.</summary>
    private async Task SeedAsync(int tasks)
    {
        var now = IsPostgres ? "now()" : "CURRENT_TIMESTAMP";
        string[] statements =
        [
            $"INSERT INTO \"Users\" (\"Id\", \"Email\") SELECT v, 'user' || v || '@example.com' FROM {Numbers("s", "100")}",
            $"INSERT INTO \"Tags\" (\"Id\", \"Name\") SELECT v, 'tag-' || v FROM {Numbers("s", "50")}",
            $"INSERT INTO \"Projects\" (\"Id\", \"Name\", \"OwnerId\", \"CreatedAt\") VALUES (1, 'Apollo', 1, {now})",
            $"INSERT INTO \"Tasks\" (\"Id\", \"ProjectId\", \"ParentId\", \"Title\", \"Position\") SELECT v, 1, CASE WHEN v <= 10 THEN NULL ELSE 1 + (v * 7919) % (v - 1) END, 'Task ' || v, v FROM {Numbers("s", "@n")}",
            $"INSERT INTO \"Comments\" (\"Id\", \"TaskItemId\", \"AuthorId\", \"Body\") SELECT (t.\"Id\" - 1) * 10 + c.v, t.\"Id\", 1 + (t.\"Id\" + c.v) % 100, 'Comment ' || c.v || ' on task ' || t.\"Id\" FROM \"Tasks\" t, {Numbers("c", "10")}",
            "INSERT INTO \"TaskTags\" (\"TasksId\", \"TagsId\") SELECT \"Id\", 1 + \"Id\" % 50 FROM \"Tasks\" UNION ALL SELECT \"Id\", 1 + (\"Id\" + 25) % 50 FROM \"Tasks\"",
        ];
        await SeedAsync(statements, tasks, ["Users", "Tags", "Projects", "Tasks", "Comments"]);
        SeededTasks = tasks;
    }

    /// <summary>The integers 1 to <paramref name="count"/> as rows of column v, named <paramref name="alias"/>.</summary>
    public string Numbers(string alias, string count) => IsPostgres
        ? $"generate_series(1, {count}) AS {alias}(v)"
        : $"(WITH RECURSIVE {alias}(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM {alias} WHERE v < {count}) SELECT v FROM {alias}) AS {alias}";

    /// <summary>
    /// Runs seeding statements in one transaction with <c>@n</c> bound to <paramref name="n"/>; on PostgreSQL moves the
    /// identity sequences of <paramref name="identityTables"/> past the seeded keys; then analyzes.
    /// </summary>
    public async Task SeedAsync(IEnumerable<string> statements, int n, IEnumerable<string> identityTables)
    {
        await using var connection = Connect();
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var sql in statements)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            command.CommandTimeout = 3600;
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@n";
            parameter.Value = n;
            command.Parameters.Add(parameter);
            await command.ExecuteNonQueryAsync();
        }

        foreach (var table in IsPostgres ? identityTables : [])
        {
            await Execute(connection, $"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'Id'), (SELECT max(\"Id\") FROM \"{table}\"))", transaction);
        }

        await transaction.CommitAsync();
        await AnalyzeAsync();
    }

    public int SeededTasks { get; set; }

    /// <summary>Removes every copy, so that each case starts from the seeded database.</summary>
    public async Task ResetAsync()
    {
        await using var connection = Connect();
        await connection.OpenAsync();
        await Execute(connection, $"DELETE FROM \"TaskTags\" WHERE \"TasksId\" > {SeededTasks}");
        await Execute(connection, $"DELETE FROM \"Comments\" WHERE \"Id\" > {SeededTasks * 10}");
        // Parents go first: SQLite checks RESTRICT row by row, so the tree is cut before it is deleted.
        await Execute(connection, $"UPDATE \"Tasks\" SET \"ParentId\" = NULL WHERE \"Id\" > {SeededTasks}");
        await Execute(connection, $"DELETE FROM \"Tasks\" WHERE \"Id\" > {SeededTasks}");
        await Execute(connection, "DELETE FROM \"Projects\" WHERE \"Id\" > 1");
        await AnalyzeAsync();
    }

    public async Task<long> CountAsync(string sql)
    {
        await using var connection = Connect();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 3600;
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    public async Task AnalyzeAsync()
    {
        await using var connection = Connect();
        await connection.OpenAsync();
        await Execute(connection, IsPostgres ? "VACUUM ANALYZE" : "ANALYZE");
    }

    public static async Task Execute(DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.CommandTimeout = 3600;
        await command.ExecuteNonQueryAsync();
    }
}
