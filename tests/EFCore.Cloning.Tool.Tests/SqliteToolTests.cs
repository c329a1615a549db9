using EFCore.Cloning.Tool.Demo;
using EFCore.Cloning.Tool.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace EFCore.Cloning.Tool.Tests;

/// <summary>
/// The same promises on SQLite: values kept unless asked for fresh ones, masks while cloning, and a customer of
/// Chinook copied into an empty database with the rows it points at (a chain of managers included).
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
    public async Task A_customer_copies_into_an_empty_database_with_its_parents_and_masks()
    {
        var source = await Chinook.CreateSqliteAsync();
        var target = await Chinook.CreateSqliteAsync();
        _files.AddRange([source, target]);
        await ExecuteAsync(target, "PRAGMA foreign_keys = OFF; DELETE FROM InvoiceLine; DELETE FROM Invoice; DELETE FROM PlaylistTrack; DELETE FROM Playlist; DELETE FROM Track; DELETE FROM Album; DELETE FROM Artist; DELETE FROM Customer; DELETE FROM Employee; DELETE FROM Genre; DELETE FROM MediaType;");

        var (code, _, error) = await Efclone.RunAsync("copy", source, target, "Customer", "--id", "1", "--include", "Invoice,InvoiceLine");
        Assert.Equal(1, code);
        Assert.Contains("The target has no", error);
        Assert.Equal(0, await ScalarAsync(target, "SELECT count(*) FROM Customer"));

        (code, var output, error) = await Efclone.RunAsync("copy", source, target, "Customer", "--id", "1", "--include", "Invoice,InvoiceLine", "--with-parents",
            "--mask", "Customer.Email=email", "--mask", "Customer.Phone=phone", "--mask", "Employee.Email=email");
        Assert.True(code == 0, error + output);
        Assert.Equal(1, await ScalarAsync(target, "SELECT count(*) FROM Customer WHERE SupportRepId = 3 AND Email LIKE 'user-%@example.invalid' AND FirstName = 'Luís'"));
        Assert.Equal(7, await ScalarAsync(target, "SELECT count(*) FROM Invoice"));
        Assert.Equal(38, await ScalarAsync(target, "SELECT count(*) FROM InvoiceLine l JOIN Track t ON t.TrackId = l.TrackId JOIN Album a ON a.AlbumId = t.AlbumId JOIN Artist r ON r.ArtistId = a.ArtistId"));
        Assert.Equal(38, await ScalarAsync(target, "SELECT count(*) FROM Track"));

        // The support rep (3) and the managers above her (2, then 1), with their keys; none of them with a real email.
        Assert.Equal("1,2,3", await TextAsync(target, "SELECT group_concat(EmployeeId, ',') FROM (SELECT EmployeeId FROM Employee ORDER BY EmployeeId)"));
        Assert.Equal(0, await ScalarAsync(target, "SELECT count(*) FROM Employee WHERE Email LIKE '%chinookcorp.com'"));
        Assert.Equal(await TextAsync(source, "SELECT group_concat(UnitPrice || 'x' || Quantity, ',') FROM (SELECT l.UnitPrice, l.Quantity FROM InvoiceLine l JOIN Invoice i USING (InvoiceId) WHERE i.CustomerId = 1 ORDER BY l.InvoiceLineId)"),
            await TextAsync(target, "SELECT group_concat(UnitPrice || 'x' || Quantity, ',') FROM (SELECT UnitPrice, Quantity FROM InvoiceLine ORDER BY InvoiceLineId)"));
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

    private static async Task<string?> TextAsync(string path, string sql) => Convert.ToString(await ValueAsync(path, sql), System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<object?> ValueAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
