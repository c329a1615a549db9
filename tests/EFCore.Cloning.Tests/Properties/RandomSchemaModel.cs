using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace EFCore.Cloning.Tests.Properties;

public enum SpecInheritance
{
    None,
    Tph,
    Tpt,
    Tpc,
}

public enum SpecOwned
{
    None,
    Split,
    Json,
}

public enum SpecTier
{
    Low,
    High,
}

/// <summary>
/// One random schema: which features the model has (inheritance, an alternate-key foreign key, a query filter, a
/// value converter, owned or JSON types, constant and volatile defaults, a tree under a unique index that contains its
/// foreign key, a composite key), and the rows seeded into it.
/// </summary>
public sealed record SchemaSpec(
    SpecInheritance Inheritance,
    bool AlternateKey,
    bool QueryFilter,
    bool Converter,
    bool SetTier,
    SpecOwned Owned,
    bool ConstantDefault,
    bool VolatileDefault,
    bool SelfReference,
    bool UniqueWithParent,
    bool CompositePart,
    bool GuidRoot,
    bool DerivedRule,
    int[] Parents,
    bool[] Deleted,
    int Deps,
    int Parts)
{
    /// <summary>The model's shape only (not its rows): the model cache key.</summary>
    public string ModelKey => $"{Inheritance}|{AlternateKey}|{QueryFilter}|{Converter}|{Owned}|{ConstantDefault}|{VolatileDefault}|{SelfReference}|{UniqueWithParent}|{CompositePart}|{GuidRoot}";

    public override string ToString()
        => $"{ModelKey}|set tier {SetTier}|derived rule {DerivedRule}|parents [{string.Join(",", Parents)}]|deleted [{string.Join(",", Deleted)}]|deps {Deps}|parts {Parts}";
}

public class SpecRoot
{
    public int Id { get; set; }

    public Guid Uid { get; set; }

    public string Name { get; set; } = "";

    public string Code { get; set; } = "";

    public bool Flag { get; set; }

    public DateTime Stamp { get; set; }

    public SpecTier Tier { get; set; }

    public SpecDetails? Details { get; set; }

    public List<SpecChild> Children { get; set; } = [];

    public List<SpecDep> Deps { get; set; } = [];

    public List<SpecPart> Parts { get; set; } = [];
}

public class SpecDetails
{
    public int Limit { get; set; }

    public string? Note { get; set; }
}

public class SpecChild
{
    public int Id { get; set; }

    public int RootId { get; set; }

    public Guid RootUid { get; set; }

    public int? ParentId { get; set; }

    public string Name { get; set; } = "";

    public bool IsDeleted { get; set; }
}

public class SpecChildA : SpecChild
{
    public int Weight { get; set; }
}

public class SpecChildB : SpecChild
{
    public string Color { get; set; } = "";
}

public class SpecDep
{
    public int Id { get; set; }

    public string RootCode { get; set; } = "";

    public string Text { get; set; } = "";
}

public class SpecPart
{
    public int RootId { get; set; }

    public Guid RootUid { get; set; }

    public int Position { get; set; }

    public string Label { get; set; } = "";
}

/// <summary>A context whose model is built from a <see cref="SchemaSpec"/>, one cached model per shape.</summary>
public sealed class SpecContext(DbContextOptions<SpecContext> options, SchemaSpec spec, string? schema) : DbContext(options)
{
    public SchemaSpec Spec => spec;

    public string? Schema => schema;

    public static DbContextOptions<SpecContext> Options(Action<DbContextOptionsBuilder<SpecContext>> provider)
    {
        var builder = new DbContextOptionsBuilder<SpecContext>();
        provider(builder);
        return builder.ReplaceService<IModelCacheKeyFactory, SpecModelCacheKeyFactory>().Options;
    }

    protected override void OnModelCreating(ModelBuilder b)
    {
        var postgres = Database.IsNpgsql();
        if (schema is not null)
        {
            b.HasDefaultSchema(schema);
        }

        b.Entity<SpecRoot>(r =>
        {
            if (spec.GuidRoot)
            {
                r.HasKey(x => x.Uid);
                r.Ignore(x => x.Id);
            }
            else
            {
                r.Ignore(x => x.Uid);
            }

            r.HasIndex(x => x.Name).IsUnique();
            if (spec.AlternateKey)
            {
                r.HasAlternateKey(x => x.Code);
                r.HasMany(x => x.Deps).WithOne().HasForeignKey(d => d.RootCode).HasPrincipalKey(x => x.Code);
            }
            else
            {
                r.Ignore(x => x.Deps);
            }

            if (spec.ConstantDefault)
            {
                r.Property(x => x.Flag).HasDefaultValueSql(postgres ? "true" : "1");
            }

            if (spec.VolatileDefault)
            {
                r.Property(x => x.Stamp).HasDefaultValueSql("CURRENT_TIMESTAMP");
            }

            if (spec.Converter)
            {
                r.Property(x => x.Tier).HasConversion<string>();
            }

            switch (spec.Owned)
            {
                case SpecOwned.Split:
                    r.OwnsOne(x => x.Details, o => o.Property<int>("Revision"));
                    break;
                case SpecOwned.Json:
                    r.OwnsOne(x => x.Details, o => o.ToJson());
                    break;
                default:
                    r.Ignore(x => x.Details);
                    break;
            }

            var children = r.HasMany(x => x.Children).WithOne();
            var parts = r.HasMany(x => x.Parts).WithOne();
            if (spec.GuidRoot)
            {
                children.HasForeignKey(c => c.RootUid);
                parts.HasForeignKey(p => p.RootUid);
            }
            else
            {
                children.HasForeignKey(c => c.RootId);
                parts.HasForeignKey(p => p.RootId);
            }

            if (!spec.CompositePart)
            {
                r.Ignore(x => x.Parts);
            }
        });

        b.Entity<SpecChild>(c =>
        {
            c.Ignore(spec.GuidRoot ? nameof(SpecChild.RootId) : nameof(SpecChild.RootUid));
            if (spec.SelfReference)
            {
                c.HasOne<SpecChild>().WithMany().HasForeignKey(x => x.ParentId);
                if (spec.UniqueWithParent)
                {
                    c.HasIndex(x => new { x.ParentId, x.Name }).IsUnique();
                }
            }
            else
            {
                c.Ignore(x => x.ParentId);
            }

            if (spec.QueryFilter)
            {
                c.HasQueryFilter(x => !x.IsDeleted);
            }

            switch (spec.Inheritance)
            {
                case SpecInheritance.Tph:
                    c.HasDiscriminator<string>("Kind").HasValue<SpecChild>("child").HasValue<SpecChildA>("a").HasValue<SpecChildB>("b");
                    break;
                case SpecInheritance.Tpt:
                    c.UseTptMappingStrategy();
                    break;
                case SpecInheritance.Tpc:
                    c.UseTpcMappingStrategy();
                    break;
            }
        });

        if (spec.Inheritance == SpecInheritance.None)
        {
            b.Ignore<SpecChildA>();
            b.Ignore<SpecChildB>();
        }
        else
        {
            b.Entity<SpecChildA>();
            b.Entity<SpecChildB>();
        }

        if (spec.CompositePart)
        {
            b.Entity<SpecPart>(p =>
            {
                p.Ignore(spec.GuidRoot ? nameof(SpecPart.RootId) : nameof(SpecPart.RootUid));
                p.HasKey(spec.GuidRoot ? nameof(SpecPart.RootUid) : nameof(SpecPart.RootId), nameof(SpecPart.Position));
            });
        }
        else
        {
            b.Ignore<SpecPart>();
        }

        if (!spec.AlternateKey)
        {
            b.Ignore<SpecDep>();
        }
    }

    private sealed class SpecModelCacheKeyFactory : IModelCacheKeyFactory
    {
        public object Create(DbContext context, bool designTime)
            => context is SpecContext spec ? (spec.Spec.ModelKey, spec.Schema, designTime) : context.GetType();
    }
}
