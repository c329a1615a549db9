using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Scaffolding;
using Microsoft.EntityFrameworkCore.Sqlite.Design.Internal;
using Microsoft.Extensions.DependencyInjection;

namespace EFCore.Cloning.Web.Tests.Library;

/// <summary>
/// Compiled models (<c>dotnet ef dbcontext optimize</c>): the code EF generates, compiled here with Roslyn and used
/// with <c>UseModel</c>. Strategies and ResetOnClone are enums and booleans, which EF writes as literals: they survive.
/// Suffixes and hooks are objects and delegates, which EF cannot write: generation stops with an error naming the type.
/// </summary>
public sealed class CompiledModelTests
{
    private static readonly Action<ModelBuilder> Compilable = m =>
    {
        m.Entity<Board>().Navigation(b => b.Cards).HasCloneStrategy(CloneStrategy.Clone);
        m.Entity<Card>().Property(c => c.Position).ResetOnClone();
    };

    [Fact]
    public async Task Strategies_and_ResetOnClone_survive_a_compiled_model()
    {
        var code = Generate(Compilable);
        var all = string.Join("\n", code.Values);
        Assert.Contains("AddAnnotation(\"EFCore.Cloning:Strategy\", CloneStrategy.Clone)", all, StringComparison.Ordinal);
        Assert.Contains("AddAnnotation(\"EFCore.Cloning:ResetOnClone\", true)", all, StringComparison.Ordinal);
        var compiled = Compile(code);

        await using var database = await BoardDatabase.CreateAsync("sqlite");
        await using var db = database.Context(Compilable, o => o.UseModel(compiled));
        var board = await db.Boards.SingleAsync();
        var result = await db.CloneAndSaveAsync(board);

        // The model's Clone strategy copied the cards, and ResetOnClone gave them the default position.
        Assert.Equal(3, await database.Sql.CountAsync("Cards", $"\"BoardId\" = {result.Copy.Id}"));
        Assert.Equal(3, await database.Sql.CountAsync("Cards", $"\"BoardId\" = {result.Copy.Id} AND \"Position\" = 0"));
    }

    [Theory]
    [InlineData("suffix", "EFCore.Cloning.CloneSuffix")]
    [InlineData("hooks", "EFCore.Cloning.Internal.CloneHooks")]
    public void Suffixes_and_hooks_stop_the_generation_with_an_error_naming_the_type(string configuration, string type)
    {
        Action<ModelBuilder> configure = configuration == "suffix"
            ? m => m.Entity<Board>().Property(b => b.Name).HasCloneSuffix(CloneSuffix.Slug)
            : m => m.Entity<Card>().OnCloning((original, copy) => copy.Title += "!");

        var error = Assert.Throws<InvalidOperationException>(() => Generate(configure));

        Assert.Contains($"Cannot scaffold C# literals of type '{type}'", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The compiled model's source files, by name, as the design-time tools generate them.</summary>
    private static Dictionary<string, string> Generate(Action<ModelBuilder> configure)
    {
        using var db = new BoardContext(BoardContext.Options(b => b.UseSqlite("Data Source=:memory:")), configure);
        var services = new ServiceCollection().AddEntityFrameworkDesignTimeServices().AddDbContextDesignTimeServices(db);
#pragma warning disable EF1001 // The provider's design-time services, as 'dotnet ef' loads them; EF exposes them only as internal API.
        new SqliteDesignTimeServices().ConfigureDesignTimeServices(services);
#pragma warning restore EF1001
        using var provider = services.BuildServiceProvider();
        var options = new CompiledModelCodeGenerationOptions
        {
            ContextType = typeof(BoardContext),
            ModelNamespace = "CompiledBoards",
            Language = "C#",
            UseNullableReferenceTypes = true,
        };
        return provider.GetRequiredService<ICompiledModelCodeGeneratorSelector>().Select(options)
            .GenerateModel(db.GetService<IDesignTimeModel>().Model, options)
            .ToDictionary(f => f.Path, f => f.Code);
    }

    private static IModel Compile(Dictionary<string, string> code)
    {
        var references = AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => !a.IsDynamic && a.Location.Length > 0)
            .Select(a => MetadataReference.CreateFromFile(a.Location));
        var compilation = CSharpCompilation.Create(
            $"CompiledBoards{Guid.NewGuid():N}",
            code.Select(c => CSharpSyntaxTree.ParseText(c.Value, new CSharpParseOptions(LanguageVersion.Latest), c.Key)),
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));

        var assembly = Assembly.Load(image.ToArray());
        var modelType = assembly.GetTypes().Single(t => t.Name == "BoardContextModel");
        return (IModel)modelType.GetProperty("Instance", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
    }
}
