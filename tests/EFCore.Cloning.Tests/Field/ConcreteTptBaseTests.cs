using EFCore.Cloning.Tests.Specification;
using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Tests.Field;

public class Paper
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public DateTime CreatedAt { get; set; }
}

public class Agreement : Paper
{
    public string Party { get; set; } = "";
}

/// <summary>A concrete TPT base with a volatile default: both of its types leave the column to the database.</summary>
public class PaperContext(DbContextOptions<PaperContext> options) : DbContext(options)
{
    public DbSet<Paper> Papers => Set<Paper>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.Entity<Paper>(e =>
        {
            e.UseTptMappingStrategy();
            e.Property(p => p.CreatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
            e.HasIndex(p => p.Name).IsUnique();
            e.Property(p => p.Name).ResetOnClone().HasDefaultValue("untitled");
        });
        b.Entity<Agreement>().ToTable("Agreements");
    }
}

public abstract class ConcreteTptBaseTests
{
    protected abstract string Provider { get; }

    private async Task<Dictionary<string, List<string>>> RunAsync(CloneEngine engine)
    {
        await using var database = await TestDatabase.CreateAsync(Provider);
        var options = (DbContextOptions<PaperContext>)database.Options<PaperContext>();
        await using (var db = await database.EnsureCreatedAsync(() => new PaperContext(options)))
        {
            db.AddRange(new Paper { Name = "memo" }, new Agreement { Name = "lease", Party = "ACME" });
            await db.SaveChangesAsync();
        }

        await using (var db = new PaperContext(options))
        {
            await engine.CloneAsync(db, await db.Papers.OfType<Agreement>().SingleAsync());
        }

        await using var check = new PaperContext(options);
        return await RowSnapshot.OfAsync(check);
    }

    [Fact]
    public async Task A_derived_row_of_a_concrete_base_is_copied_alike_by_both_engines()
    {
        var objects = await RunAsync(CloneEngine.Objects);
        var sets = await RunAsync(CloneEngine.Sets);

        Assert.Equal(objects, sets);
        Assert.Equal(3, sets["Papers"].Count);
        Assert.Contains(sets["Papers"], r => r.Contains("untitled", StringComparison.Ordinal));
        Assert.Equal(2, sets["Agreements"].Count);
    }
}

public sealed class SqliteConcreteTptBaseTests : ConcreteTptBaseTests
{
    protected override string Provider => "sqlite";
}

public sealed class PostgresConcreteTptBaseTests : ConcreteTptBaseTests
{
    protected override string Provider => "postgres";
}
