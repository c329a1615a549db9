using EFCore.Cloning.Tool.Demo;
using EFCore.Cloning.Tool.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace EFCore.Cloning.Tool.Tests;

/// <summary>
/// The same promises on SQLite: values kept unless asked for fresh ones, masks while cloning (Chinook's customer copied
/// into an empty database with its parents runs on every provider in <see cref="ChinookToolTests"/>).
/// </summary>
public sealed class SqliteToolTests : IDisposable
{
    private readonly List<string> _files = [];

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in _files)
        {
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }

    [Fact]
    public async Task Clone_keeps_a_current_timestamp_default_value_unless_fresh_defaults_is_asked()
    {
        var demo = await DemoDatabase.CreateAsync(tasksPerProject: 5, CancellationToken.None);
        _files.Add(demo);
        await ExecuteAsync(demo, "UPDATE projects SET created_at = '2001-01-01 00:00:00' WHERE id = 1");

        var (code, output, error) = await Efclone.RunAsync("clone", demo, "projects", "--id", "1");
        Assert.True(code == 0, error + output);
        Assert.Equal(2, await ScalarAsync(demo, "SELECT count(*) FROM projects WHERE created_at = '2001-01-01 00:00:00'"));

        (code, output, error) = await Efclone.RunAsync("clone", demo, "projects", "--id", "1", "--fresh-defaults");
        Assert.True(code == 0, error + output);
        Assert.Equal(2, await ScalarAsync(demo, "SELECT count(*) FROM projects WHERE created_at = '2001-01-01 00:00:00'"));
        Assert.Equal(5, await ScalarAsync(demo, "SELECT count(*) FROM projects"));
    }

    [Fact]
    public async Task A_saved_plan_with_a_virtual_foreign_key_runs_on_sqlite()
    {
        var demo = await DemoDatabase.CreateAsync(tasksPerProject: 5, CancellationToken.None);
        _files.Add(demo);
        var plan = Path.Combine(Path.GetDirectoryName(demo)!, "plan.json");
        await ExecuteAsync(demo, "CREATE TABLE notes (id INTEGER PRIMARY KEY, project_ref INTEGER NOT NULL, body TEXT NOT NULL); INSERT INTO notes (project_ref, body) VALUES (1, 'a'), (1, 'b'), (2, 'c');");

        var (code, output, error) = await Efclone.RunAsync("plan", demo, "projects", "--id", "1", "--include", "notes", "--fk", "notes.project_ref -> projects.id", "--save", plan);
        Assert.True(code == 0, error + output);
        Assert.Contains("notes via notes: clone, 2 row(s)", output);

        (code, output, error) = await Efclone.RunAsync("clone", demo, "--plan", plan);
        Assert.True(code == 0, error + output);
        Assert.Equal(2, await ScalarAsync(demo, "SELECT count(*) FROM notes n JOIN projects p ON p.id = n.project_ref WHERE p.name = 'Apollo (copy)'"));
        Assert.Equal(2, await ScalarAsync(demo, "SELECT count(*) FROM notes WHERE project_ref = 1"));
    }

    [Fact]
    public async Task Clone_masks_on_sqlite()
    {
        var chinook = await Chinook.CreateSqliteAsync();
        _files.Add(chinook);
        var (code, output, error) = await Efclone.RunAsync("clone", chinook, "Customer", "--id", "1", "--mask", "Customer.Email=hash", "--mask", "Customer.Company=null");
        Assert.True(code == 0, error + output);
        Assert.Equal(1, await ScalarAsync(chinook, "SELECT count(*) FROM Customer WHERE CustomerId = 60 AND length(Email) = 60 AND Company IS NULL AND FirstName = 'Luís'"));
        Assert.Equal(1, await ScalarAsync(chinook, "SELECT count(*) FROM Customer WHERE CustomerId = 1 AND Email = 'luisg@embraer.com.br'"));
    }

    private static async Task ExecuteAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(string path, string sql) => Convert.ToInt64(await ValueAsync(path, sql));

    private static async Task<object?> ValueAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
