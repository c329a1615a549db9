using EFCore.Cloning.Web.Auth;
using EFCore.Cloning.Web.Blobs;
using EFCore.Cloning.Web.Data;
using EFCore.Cloning.Web.Jobs;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Web;

/// <summary>The app's services and endpoints, shared by <c>Program</c> and the tests that host it on a real port.</summary>
public static class WebApp
{
    /// <summary>The authorization policy of the Duplicate buttons.</summary>
    public const string DuplicatePolicy = "CanDuplicate";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        AddServices(builder.Services, builder.Configuration, builder.Environment);

        var app = builder.Build();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error");
        }

        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapRazorPages();
        JobEndpoints.Map(app);
        AttachmentEndpoints.Map(app);
        return app;
    }

    /// <summary>Creates the schema and demo data when the database has none.</summary>
    public static async Task SeedAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await DemoSeeder.SeedAsync(
            scope.ServiceProvider.GetRequiredService<ProjectsContext>(),
            scope.ServiceProvider.GetRequiredService<IBlobStore>(),
            app.Configuration.GetValue("Demo:LargeProjectTasks", 20_000));
    }

    private static void AddServices(IServiceCollection services, IConfiguration configuration, IWebHostEnvironment environment)
    {
        services.AddRazorPages();
        services.AddAuthentication(DemoUserHandler.SchemeName).AddScheme<AuthenticationSchemeOptions, DemoUserHandler>(DemoUserHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(DuplicatePolicy, policy => policy.RequireClaim(DemoUsers.PermissionClaim, DemoUsers.CanDuplicate));

        var blobs = Path.Combine(environment.ContentRootPath, configuration["Blobs:Path"] ?? "App_Data/blobs");
        services.AddSingleton<IBlobStore>(new FileSystemBlobStore(blobs));
        services.AddSingleton<CloneJobQueue>();
        services.AddHostedService<CloneJobRunner>();

        var postgres = configuration.GetConnectionString("Postgres");
        var sqlite = configuration.GetConnectionString("Sqlite") ?? "Data Source=App_Data/projects.db";
        services.AddDbContext<ProjectsContext>(options =>
        {
            if (!string.IsNullOrEmpty(postgres))
            {
                options.UseNpgsql(postgres);
            }
            else
            {
                options.UseSqlite(AbsoluteDataSource(sqlite, environment.ContentRootPath));
            }

            // Clone configuration checked when the model is built; set mode's statements get time on a large aggregate.
            options.UseCloning(c => c.CommandTimeout(300));
        });
    }

    /// <summary>A relative SQLite file is under the content root, whose folder is created if missing.</summary>
    private static string AbsoluteDataSource(string connectionString, string contentRoot)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource != ":memory:" && !Path.IsPathRooted(builder.DataSource))
        {
            builder.DataSource = Path.Combine(contentRoot, builder.DataSource);
        }

        if (Path.GetDirectoryName(builder.DataSource) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
        }

        return builder.ConnectionString;
    }
}
