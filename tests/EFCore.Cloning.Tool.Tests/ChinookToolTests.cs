using System.Text.Json;
using EFCore.Cloning.Tool.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace EFCore.Cloning.Tool.Tests;

/// <summary>
/// efclone against Chinook, a schema no one here wrote: every scenario runs on SQLite and on PostgreSQL with identity
/// and with serial keys. Counts and references are checked in the database afterwards.
/// </summary>
public abstract class ChinookToolTests
{
    /// <summary>The database argument for efclone.</summary>
    protected abstract string Database { get; }

    /// <summary>Chinook's SQLite script names things in PascalCase, the PostgreSQL ones in snake_case.</summary>
    protected abstract string N(string pascalCase);

    protected abstract Task<long> ScalarAsync(string sql);

    /// <summary>A Chinook database of the same provider with every row deleted; dropped with the test.</summary>
    protected abstract Task<string> CreateEmptyAsync();

    protected abstract Task<long> ScalarAsync(string database, string sql);

    private Task<long> CountAsync(string table) => ScalarAsync($"SELECT count(*) FROM {N(table)}");

    [Fact]
    public async Task Artist_is_copied_with_its_albums_and_tracks()
    {
        var albums = await ScalarAsync($"SELECT count(*) FROM {N("Album")} WHERE {N("ArtistId")} = 1");
        var tracks = await ScalarAsync($"SELECT count(*) FROM {N("Track")} t JOIN {N("Album")} a ON t.{N("AlbumId")} = a.{N("AlbumId")} WHERE a.{N("ArtistId")} = 1");
        var (artistsBefore, invoiceLinesBefore) = (await CountAsync("Artist"), await CountAsync("InvoiceLine"));

        var (code, output, error) = await Efclone.RunAsync("clone", Database, N("Artist"), "--id", "1", "--include", $"{N("Album")},{N("Track")}");

        Assert.True(code == 0, error);
        Assert.Contains(N("Track"), output);
        Assert.Equal(artistsBefore + 1, await CountAsync("Artist"));
        var copy = await ScalarAsync($"SELECT max({N("ArtistId")}) FROM {N("Artist")}");
        Assert.Equal(albums, await ScalarAsync($"SELECT count(*) FROM {N("Album")} WHERE {N("ArtistId")} = {copy}"));
        Assert.Equal(tracks, await ScalarAsync($"SELECT count(*) FROM {N("Track")} t JOIN {N("Album")} a ON t.{N("AlbumId")} = a.{N("AlbumId")} WHERE a.{N("ArtistId")} = {copy}"));
        Assert.Equal(invoiceLinesBefore, await CountAsync("InvoiceLine"));
        Assert.Equal(albums, await ScalarAsync($"SELECT count(*) FROM {N("Album")} WHERE {N("ArtistId")} = 1"));
    }

    [Fact]
    public async Task Playlist_is_copied_with_its_track_links_through_the_composite_key_join_table()
    {
        var links = await ScalarAsync($"SELECT count(*) FROM {N("PlaylistTrack")} WHERE {N("PlaylistId")} = 1");
        var tracksBefore = await CountAsync("Track");

        var (code, _, error) = await Efclone.RunAsync("clone", Database, N("Playlist"), "--id", "1", "--aggregate", "--set", $"{N("Name")}=Road trip");

        Assert.True(code == 0, error);
        var copy = await ScalarAsync($"SELECT max({N("PlaylistId")}) FROM {N("Playlist")}");
        Assert.Equal(1, await ScalarAsync($"SELECT count(*) FROM {N("Playlist")} WHERE {N("PlaylistId")} = {copy} AND {N("Name")} = 'Road trip'"));
        Assert.Equal(links, await ScalarAsync($"SELECT count(*) FROM {N("PlaylistTrack")} WHERE {N("PlaylistId")} = {copy}"));
        Assert.Equal(links, await ScalarAsync(
            $"SELECT count(*) FROM {N("PlaylistTrack")} c JOIN {N("PlaylistTrack")} o ON o.{N("TrackId")} = c.{N("TrackId")} AND o.{N("PlaylistId")} = 1 WHERE c.{N("PlaylistId")} = {copy}"));
        Assert.Equal(tracksBefore, await CountAsync("Track"));
    }

    [Fact]
    public async Task Customer_is_copied_with_invoices_and_invoice_lines_as_json_report()
    {
        var invoices = await ScalarAsync($"SELECT count(*) FROM {N("Invoice")} WHERE {N("CustomerId")} = 1");
        var lines = await ScalarAsync($"SELECT count(*) FROM {N("InvoiceLine")} l JOIN {N("Invoice")} i ON l.{N("InvoiceId")} = i.{N("InvoiceId")} WHERE i.{N("CustomerId")} = 1");

        var (code, output, error) = await Efclone.RunAsync("clone", Database, N("Customer"), "--where", $"{N("CustomerId")} = 1", "--include", N("Invoice"), "--include", N("InvoiceLine"), "--json");

        Assert.True(code == 0, error);
        using var report = JsonDocument.Parse(output);
        var tables = report.RootElement.GetProperty("tables");
        Assert.Equal(invoices, tables.EnumerateObject().Single(t => t.Name.EndsWith(N("Invoice"), StringComparison.Ordinal)).Value.GetInt64());
        Assert.Equal(lines, tables.EnumerateObject().Single(t => t.Name.EndsWith(N("InvoiceLine"), StringComparison.Ordinal)).Value.GetInt64());
        var copy = report.RootElement.GetProperty("roots")[0].GetProperty("copy")[0].GetInt64();
        Assert.Equal(invoices, await ScalarAsync($"SELECT count(*) FROM {N("Invoice")} WHERE {N("CustomerId")} = {copy}"));
        Assert.Equal(lines, await ScalarAsync($"SELECT count(*) FROM {N("InvoiceLine")} l JOIN {N("Invoice")} i ON l.{N("InvoiceId")} = i.{N("InvoiceId")} WHERE i.{N("CustomerId")} = {copy}"));
        Assert.Equal(invoices, await ScalarAsync($"SELECT count(*) FROM {N("Invoice")} WHERE {N("CustomerId")} = 1"));
    }

    [Fact]
    public async Task Employee_is_copied_with_everyone_who_reports_to_them_remapped_into_the_copy()
    {
        // Nancy Edwards (2) manages 3, 4 and 5; she reports to Andrew Adams (1), who is shared.
        var employeesBefore = await CountAsync("Employee");
        var (code, _, error) = await Efclone.RunAsync("clone", Database, N("Employee"), "--id", "2", "--include", N("Employee"));

        Assert.True(code == 0, error);
        Assert.Equal(employeesBefore + 4, await CountAsync("Employee"));
        var copy = await ScalarAsync($"SELECT min({N("EmployeeId")}) FROM {N("Employee")} WHERE {N("EmployeeId")} > {employeesBefore}");
        Assert.Equal(1, await ScalarAsync($"SELECT {N("ReportsTo")} FROM {N("Employee")} WHERE {N("EmployeeId")} = {copy}"));
        Assert.Equal(3, await ScalarAsync($"SELECT count(*) FROM {N("Employee")} WHERE {N("ReportsTo")} = {copy}"));
        Assert.Equal(3, await ScalarAsync($"SELECT count(*) FROM {N("Employee")} WHERE {N("ReportsTo")} = 2"));
    }

    [Fact]
    public async Task Report_and_plan_count_the_selected_roots_not_every_row_of_a_self_referencing_root_table()
    {
        var (code, output, error) = await Efclone.RunAsync("plan", Database, N("Employee"), "--id", "2", "--include", N("Employee"));
        Assert.True(code == 0, error);
        Assert.Contains($"{N("Employee")}: 1 row(s) to copy (4 with the {N("Employee")} rows under them)", output);

        (code, output, error) = await Efclone.RunAsync("clone", Database, N("Employee"), "--id", "2", "--include", N("Employee"), "--json");
        Assert.True(code == 0, error);
        using var report = JsonDocument.Parse(output);
        var roots = report.RootElement.GetProperty("roots");
        Assert.Equal(1, roots.GetArrayLength());
        Assert.Equal(2, roots[0].GetProperty("original")[0].GetInt64());
        Assert.Equal(4, report.RootElement.GetProperty("totalRows").GetInt64());
    }

    [Fact]
    public async Task Id_takes_a_composite_key_and_refuses_one_that_matches_no_row()
    {
        var before = await CountAsync("PlaylistTrack");
        var (code, _, error) = await Efclone.RunAsync("clone", Database, N("PlaylistTrack"), "--id", "1,3402", "--set", $"{N("PlaylistId")}=2");
        Assert.True(code == 0, error);
        Assert.Equal(1, await ScalarAsync($"SELECT count(*) FROM {N("PlaylistTrack")} WHERE {N("PlaylistId")} = 2 AND {N("TrackId")} = 3402"));

        (code, _, error) = await Efclone.RunAsync("clone", Database, N("PlaylistTrack"), "--id", "2,1", "--set", $"{N("PlaylistId")}=3");
        Assert.Equal(2, code);
        Assert.Contains("--id 2,1: no row of", error);
        Assert.Equal(before + 1, await CountAsync("PlaylistTrack"));
    }

    [Fact]
    public async Task Customer_copies_into_an_empty_database_with_the_rows_it_points_at()
    {
        var target = await CreateEmptyAsync();
        string[] copy = ["copy", Database, target, N("Customer"), "--id", "1", "--include", $"{N("Invoice")},{N("InvoiceLine")}"];
        var (code, output, error) = await Efclone.RunAsync(copy);
        Assert.Equal(1, code);
        Assert.Contains("The target has no", error);
        Assert.Equal(0, await ScalarAsync(target, $"SELECT count(*) FROM {N("Invoice")}"));

        (code, output, error) = await Efclone.RunAsync([.. copy, "--with-parents", "--mask", $"{N("Customer")}.{N("Email")}=email", "--mask", $"{N("Employee")}.{N("Email")}=email"]);
        Assert.True(code == 0, error + output);
        Assert.Equal(7, await ScalarAsync(target, $"SELECT count(*) FROM {N("Invoice")} i JOIN {N("Customer")} c ON c.{N("CustomerId")} = i.{N("CustomerId")} WHERE c.{N("Email")} LIKE 'user-%'"));
        Assert.Equal(38, await ScalarAsync(target, $"SELECT count(*) FROM {N("InvoiceLine")} l JOIN {N("Track")} t ON t.{N("TrackId")} = l.{N("TrackId")} JOIN {N("Album")} a ON a.{N("AlbumId")} = t.{N("AlbumId")}"));

        // The customer's support rep (3) and the managers above her (2, then 1) kept their keys.
        Assert.Equal(3, await ScalarAsync(target, $"SELECT count(*) FROM {N("Employee")} WHERE {N("EmployeeId")} IN (1, 2, 3) AND {N("Email")} LIKE 'user-%'"));
        Assert.Equal(3, await ScalarAsync(target, $"SELECT count(*) FROM {N("Employee")}"));

        // The target's own keys still work after rows went in with theirs.
        (code, output, error) = await Efclone.RunAsync("clone", target, N("Employee"), "--id", "3");
        Assert.True(code == 0, error + output);
        Assert.Equal(4, await ScalarAsync(target, $"SELECT count(*) FROM {N("Employee")}"));
    }

    [Fact]
    public async Task Plan_shows_the_tree_with_row_counts_and_writes_nothing()
    {
        var albums = await ScalarAsync($"SELECT count(*) FROM {N("Album")} WHERE {N("ArtistId")} = 1");
        var before = await CountAsync("Album");
        var (code, output, error) = await Efclone.RunAsync("plan", Database, N("Artist"), "--id", "1", "--include", $"{N("Album")},{N("Track")}");

        Assert.True(code == 0, error);
        Assert.Contains($"{N("Album")} via {N("Album")}: clone, {albums} row(s)", output);
        Assert.Contains(N("Genre"), output);
        Assert.Equal(before, await CountAsync("Album"));

        // The library's own plan text, as ToClonePlan gives it, follows the tree.
        Assert.Contains("the plan, as the library's ToClonePlan describes it", output);
        Assert.Contains($"-> {N("Album")} via {N("Album")} (clone: option)", output);
        Assert.Contains($"insert order: {N("Artist")} -> {N("Album")} -> {N("Track")}", output);
    }

    [Fact]
    public async Task Copies_makes_several_copies_in_one_operation()
    {
        var before = await CountAsync("Playlist");
        var (code, _, error) = await Efclone.RunAsync("clone", Database, N("Playlist"), "--id", "1", "--copies", "3");
        Assert.True(code == 0, error);
        Assert.Equal(before + 3, await CountAsync("Playlist"));
    }

    [Theory]
    [InlineData("unknown table")]
    [InlineData("unknown column")]
    [InlineData("malformed condition")]
    [InlineData("no selection")]
    [InlineData("unknown option")]
    [InlineData("include with no path")]
    [InlineData("skip of a required reference")]
    [InlineData("id matching no row")]
    public async Task Bad_input_gives_a_clear_error_and_writes_nothing(string mistake)
    {
        var before = (await CountAsync("Artist"), await CountAsync("Album"));
        string[] args = mistake switch
        {
            "unknown table" => ["clone", Database, "nosuch", "--id", "1"],
            "unknown column" => ["clone", Database, N("Artist"), "--id", "1", "--set", "Nope=1"],
            "malformed condition" => ["clone", Database, N("Artist"), "--where", "= = 1"],
            "no selection" => ["clone", Database, N("Artist")],
            "include with no path" => ["clone", Database, N("Artist"), "--id", "1", "--include", N("Genre")],
            "skip of a required reference" => ["clone", Database, N("Album"), "--id", "1", "--skip", N("Artist")],
            "id matching no row" => ["clone", Database, N("Artist"), "--id", "99999"],
            _ => ["clone", Database, N("Artist"), "--id", "1", "--frobnicate"],
        };

        var (code, _, error) = await Efclone.RunAsync(args);

        var (expectedCode, expected) = mistake switch
        {
            "unknown table" => (2, "there is no table 'nosuch'"),
            "unknown column" => (2, $"has no column 'Nope'"),
            "malformed condition" => (1, "the database refused the operation, nothing was written"),
            "no selection" => (2, "Say which rows to copy with --id <key> or --where <condition>"),
            "include with no path" => (2, $"--include {N("Genre")}: no row of the copy leads to"),
            "skip of a required reference" => (2, $"--skip {N("Artist")}: {N("Album")}.{N("ArtistId")} is a required reference"),
            "id matching no row" => (2, $"--id 99999: no row of '{N("Artist")}'"),
            _ => (2, "--frobnicate"),
        };
        Assert.Equal(expectedCode, code);
        Assert.Contains(expected, error);
        Assert.Equal(before, (await CountAsync("Artist"), await CountAsync("Album")));
    }
}

public sealed class SqliteChinookToolTests : ChinookToolTests, IAsyncLifetime
{
    private readonly List<string> _files = [];
    private string _path = "";

    protected override string Database => _path;

    public async Task InitializeAsync()
    {
        _path = await Chinook.CreateSqliteAsync();
        _files.Add(_path);
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in _files)
        {
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }

        return Task.CompletedTask;
    }

    protected override string N(string pascalCase) => pascalCase;

    protected override async Task<string> CreateEmptyAsync()
    {
        var path = await Chinook.CreateSqliteAsync();
        _files.Add(path);
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA foreign_keys = OFF; " + string.Concat(Chinook.Tables.Select(t => $"DELETE FROM {t};"));
        await command.ExecuteNonQueryAsync();
        return path;
    }

    protected override Task<long> ScalarAsync(string sql) => ScalarAsync(_path, sql);

    protected override async Task<long> ScalarAsync(string database, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}

public abstract class PostgresChinookToolTests(string script) : ChinookToolTests, IAsyncLifetime
{
    private readonly List<string> _databases = [];
    private string _connection = "";

    protected override string Database => _connection;

    public async Task InitializeAsync()
    {
        _connection = await Chinook.CreatePostgresAsync(script);
        _databases.Add(_connection);
    }

    public async Task DisposeAsync()
    {
        foreach (var database in _databases)
        {
            await EFCore.Cloning.Tests.Infrastructure.PostgresServer.DropDatabaseAsync(database);
        }
    }

    protected override string N(string pascalCase)
        => string.Concat(pascalCase.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    protected override async Task<string> CreateEmptyAsync()
    {
        var database = await Chinook.CreatePostgresAsync(script);
        _databases.Add(database);
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(string.Concat(Chinook.Tables.Select(t => $"DELETE FROM {N(t)};")), connection);
        await command.ExecuteNonQueryAsync();
        return database;
    }

    protected override Task<long> ScalarAsync(string sql) => ScalarAsync(_connection, sql);

    protected override async Task<long> ScalarAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Unreachable_database_is_reported_and_exits_with_failure()
    {
        var (code, _, error) = await Efclone.RunAsync("clone", "Host=127.0.0.1;Port=1;Username=x;Database=x;Timeout=3", "artist", "--id", "1");
        Assert.Equal(1, code);
        Assert.Contains("Cannot read the schema of the postgres database", error);
    }
}

public sealed class PostgresIdentityChinookToolTests() : PostgresChinookToolTests("Chinook_PostgreSql_AutoIncrementPKs.sql");

public sealed class PostgresSerialChinookToolTests() : PostgresChinookToolTests("Chinook_PostgreSql_SerialPKs.sql");
