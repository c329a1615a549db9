using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Tests.Field;

// What real schemas have and the catalog model lacks: constant and volatile defaults, a foreign key to an alternate
// key, a unique index that contains a self-referencing foreign key, TPC with a unique column on the base type, rules
// for one derived type, query filters, value converters, owned and JSON types with shadow properties, composite unique
// indexes with a tenant, and (PostgreSQL) a non-key identity column.

public enum Tier
{
    Alpha,
    Beta,
    Gamma,
}

public class Tenant
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public List<Survey> Surveys { get; set; } = [];

    public List<Tag> Tags { get; set; } = [];
}

public class Tag
{
    public int Id { get; set; }

    public int TenantId { get; set; }

    public string Name { get; set; } = "";

    public List<Survey> Surveys { get; set; } = [];
}

public class Survey
{
    public int Id { get; set; }

    public int TenantId { get; set; }

    public Tenant? Tenant { get; set; }

    public string Title { get; set; } = "";

    public string Slug { get; set; } = "";

    public bool IsActive { get; set; }

    public string Status { get; set; } = "";

    public int Priority { get; set; }

    public DateTime CreatedAt { get; set; }

    public Tier Tier { get; set; }

    public int SerialNumber { get; set; }

    public int? CopiedFromId { get; set; }

    public SurveySettings Settings { get; set; } = new();

    public SurveyBranding Branding { get; set; } = new();

    public List<Question> Questions { get; set; } = [];

    public List<Tag> Tags { get; set; } = [];
}

public class SurveySettings
{
    public int ResponseLimit { get; set; }

    public string? Note { get; set; }

    public string? Secret { get; set; }
}

public class SurveyBranding
{
    public string Color { get; set; } = "";
}

public class Question
{
    public int Id { get; set; }

    public int SurveyId { get; set; }

    public int Position { get; set; }

    public string Text { get; set; } = "";

    public bool IsDeleted { get; set; }

    public int? OriginId { get; set; }
}

public class Order
{
    public int Id { get; set; }

    public string Number { get; set; } = "";

    public List<OrderLine> Lines { get; set; } = [];
}

public class OrderLine
{
    public int Id { get; set; }

    public string OrderNumber { get; set; } = "";

    public string Product { get; set; } = "";
}

public class Section
{
    public int Id { get; set; }

    public int? ParentId { get; set; }

    public string Name { get; set; } = "";

    public List<Section> Children { get; set; } = [];
}

public class Label
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public int Uses { get; set; }
}

public abstract class Asset
{
    public int Id { get; set; }

    public string Plate { get; set; } = "";
}

public class Van : Asset
{
    public int Seats { get; set; }
}

public class Lorry : Asset
{
    public double Load { get; set; }
}

public class Zoo
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public List<Creature> Creatures { get; set; } = [];
}

public abstract class Creature
{
    public int Id { get; set; }

    public int ZooId { get; set; }

    public string Name { get; set; } = "";
}

public class Shark : Creature
{
    public string Water { get; set; } = "";
}

public class Parrot : Creature
{
    public bool Talks { get; set; }
}

public class FieldContext(DbContextOptions<FieldContext> options) : DbContext(options)
{
    public DbSet<Tenant> Tenants => Set<Tenant>();

    public DbSet<Survey> Surveys => Set<Survey>();

    public DbSet<Question> Questions => Set<Question>();

    public DbSet<Order> Orders => Set<Order>();

    public DbSet<Section> Sections => Set<Section>();

    public DbSet<Asset> Assets => Set<Asset>();

    public DbSet<Zoo> Zoos => Set<Zoo>();

    public DbSet<Label> Labels => Set<Label>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        var postgres = Database.IsNpgsql();
        b.Entity<Survey>(s =>
        {
            s.HasIndex(x => new { x.TenantId, x.Slug }).IsUnique();
            s.RecordCloneOrigin(x => x.CopiedFromId);
            s.Property(x => x.IsActive).HasDefaultValueSql(postgres ? "true" : "1");
            s.Property(x => x.Status).HasDefaultValue("draft");
            s.Property(x => x.Priority).HasDefaultValue(5);
            s.Property(x => x.CreatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
            s.Property(x => x.Tier).HasConversion<string>();
            if (postgres)
            {
                s.Property(x => x.SerialNumber).UseIdentityAlwaysColumn();
            }

            s.OwnsOne(x => x.Settings, o =>
            {
                o.Property<int>("Revision");
                o.Property(x => x.Secret).ResetOnClone();
            });
            s.OwnsOne(x => x.Branding, o => o.ToJson());
            s.HasMany(x => x.Questions).WithOne().HasForeignKey(q => q.SurveyId);
        });
        b.Entity<Label>(l =>
        {
            // Case-insensitive uniqueness, as each database spells it.
            l.HasIndex(x => x.Name).IsUnique();
            l.CloneOnly(x => new { x.Name });
            if (postgres)
            {
                l.Property(x => x.Name).HasColumnType("citext");
            }
            else
            {
                l.Property(x => x.Name).UseCollation("NOCASE");
            }
        });
        if (postgres)
        {
            b.HasPostgresExtension("citext");
        }

        b.Entity<Tenant>().HasMany(t => t.Tags).WithOne().HasForeignKey(t => t.TenantId);
        b.Entity<Question>(q =>
        {
            q.HasIndex(x => new { x.SurveyId, x.Position }).IsUnique();
            q.HasQueryFilter(x => !x.IsDeleted);
        });
        b.Entity<Order>().HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.OrderNumber).HasPrincipalKey(o => o.Number);
        b.Entity<Section>(d =>
        {
            d.HasMany(x => x.Children).WithOne().HasForeignKey(x => x.ParentId);
            d.HasIndex(x => new { x.ParentId, x.Name }).IsUnique();
        });
        b.Entity<Asset>(a =>
        {
            a.UseTpcMappingStrategy();
            a.HasIndex(x => x.Plate).IsUnique();
            if (!postgres)
            {
                // SQLite has no sequence to share between TPC tables; the keys are still made on insert (past the largest).
                a.Property(x => x.Id).ValueGeneratedOnAdd();
            }
        });
        b.Entity<Van>();
        b.Entity<Lorry>();
        b.Entity<Creature>().HasDiscriminator<string>("Kind").HasValue<Shark>("shark").HasValue<Parrot>("parrot");
        b.Entity<Shark>();
        b.Entity<Parrot>();
        b.Entity<Zoo>().HasMany(z => z.Creatures).WithOne().HasForeignKey(c => c.ZooId);
    }

    /// <summary>Two tenants; the first has the 'feedback' survey with three questions, one of them soft-deleted.</summary>
    public static async Task<(int Tenant, int Other, int Survey)> SeedSurveyAsync(FieldContext db)
    {
        var tenant = new Tenant { Name = "Acme" };
        var other = new Tenant { Name = "Globex" };
        var survey = new Survey
        {
            Tenant = tenant,
            Title = "Feedback",
            Slug = "feedback",
            IsActive = false,
            Status = "published",
            Priority = 1,
            CreatedAt = new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            Tier = Tier.Gamma,
            SerialNumber = db.Database.IsNpgsql() ? 0 : 7,
            Settings = new SurveySettings { ResponseLimit = 100, Note = "internal", Secret = "s3cret" },
            Branding = new SurveyBranding { Color = "blue" },
            Questions =
            {
                new Question { Position = 1, Text = "How?" },
                new Question { Position = 2, Text = "Why?" },
                new Question { Position = 3, Text = "Gone", IsDeleted = true },
            },
        };
        db.AddRange(tenant, other, survey);
        db.Entry(survey.Settings).Property("Revision").CurrentValue = 3;
        await db.SaveChangesAsync();

        // EF leaves false to the column's default (true) on insert: the original is set as a user's later edit would.
        await db.Surveys.ExecuteUpdateAsync(s => s.SetProperty(x => x.IsActive, false));
        db.ChangeTracker.Clear();
        return (tenant.Id, other.Id, survey.Id);
    }

    /// <summary>
    /// Tags red and blue of the first tenant on its survey, and the other tenant's survey tagged blue too: tags shared
    /// across tenants, as a tenant-owned lookup often is.
    /// </summary>
    public static async Task SeedTagsAsync(FieldContext db, (int Tenant, int Other, int Survey) seeded)
    {
        var red = new Tag { TenantId = seeded.Tenant, Name = "red" };
        var blue = new Tag { TenantId = seeded.Tenant, Name = "blue" };
        var survey = await db.Surveys.SingleAsync(s => s.Id == seeded.Survey);
        survey.Tags.AddRange([red, blue]);
        db.Add(new Survey { TenantId = seeded.Other, Title = "Other", Slug = "other", Status = "published", Tags = { blue } });
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
    }

    /// <summary>Order O1 with two lines; a root section R holding A, which holds A1 and A2; a van and a lorry; a zoo.</summary>
    public static async Task SeedRestAsync(FieldContext db)
    {
        db.Add(new Order { Number = "O1", Lines = { new OrderLine { Product = "bolt" }, new OrderLine { Product = "nut" } } });
        db.Add(new Section
        {
            Name = "R",
            Children = { new Section { Name = "A", Children = { new Section { Name = "A1" }, new Section { Name = "A2" } } } },
        });
        // PostgreSQL draws TPC keys from one sequence; SQLite has none, so the seed gives them.
        var postgres = db.Database.IsNpgsql();
        db.Add(new Van { Id = postgres ? 0 : 1, Plate = "V1", Seats = 9 });
        db.Add(new Lorry { Id = postgres ? 0 : 2, Plate = "L1", Load = 7.5 });
        db.Add(new Zoo { Name = "City", Creatures = { new Shark { Name = "Jaws", Water = "salt" }, new Parrot { Name = "Polly", Talks = true } } });
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
    }
}
