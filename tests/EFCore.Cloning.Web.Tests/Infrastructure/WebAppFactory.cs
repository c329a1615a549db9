using EFCore.Cloning.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace EFCore.Cloning.Web.Tests.Infrastructure;

/// <summary>
/// The web app in the test process, on its own database (a SQLite file in a temporary folder, or a new PostgreSQL
/// database) and its own blob folder, seeded by the app's own start-up; disposed with both.
/// </summary>
public class WebAppFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("efclone-web-").FullName;
    private readonly bool _postgres;

    public WebAppFactory()
        : this(postgres: false)
    {
    }

    protected WebAppFactory(bool postgres)
    {
        _postgres = postgres;
    }

    /// <summary>Plain SQL on the app's database.</summary>
    public PlainSql Sql { get; private set; } = null!;

    /// <summary>The folder the app's blob store writes files to.</summary>
    public string BlobFolder => Path.Combine(_folder, "blobs");

    /// <summary>The pause after each table of a background duplicate, long enough for a test to cancel in.</summary>
    protected virtual int StepDelayMilliseconds => 0;

    public async Task InitializeAsync()
    {
        Sql = _postgres
            ? PlainSql.Postgres(await PostgresServer.CreateDatabaseAsync("efclone_web"))
            : PlainSql.Sqlite($"Data Source={Path.Combine(_folder, "projects.db")};Pooling=False");
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (_postgres)
        {
            await PostgresServer.DropDatabaseAsync(Sql.ConnectionString);
        }

        Directory.Delete(_folder, recursive: true);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting(_postgres ? "ConnectionStrings:Postgres" : "ConnectionStrings:Sqlite", Sql.ConnectionString);
        builder.UseSetting("Blobs:Path", BlobFolder);
        builder.UseSetting("Demo:LargeProjectTasks", "2000");
        builder.UseSetting("Demo:StepDelayMilliseconds", StepDelayMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

/// <summary>The app on a new PostgreSQL database.</summary>
public sealed class PostgresWebAppFactory() : WebAppFactory(postgres: true);
