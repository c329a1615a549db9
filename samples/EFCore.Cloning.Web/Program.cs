using EFCore.Cloning.Web;

// dotnet run --project samples/EFCore.Cloning.Web: SQLite in App_Data unless ConnectionStrings:Postgres is set.
var app = WebApp.Build(args);
await app.SeedAsync();
await app.RunAsync();

/// <summary>The entry point, named for WebApplicationFactory.</summary>
public partial class Program;
