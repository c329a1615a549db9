using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace EFCore.Cloning.Tests.Specification;

public enum FormKind
{
    Survey,
    Quiz,
}

/// <summary>An owner of a JSON column (optional, renamed, with a converter, a shadow property, a nested reference, a primitive list).</summary>
public sealed class Form
{
    public int Id { get; set; }

    public string Title { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    public FormSettings? Settings { get; set; }

    public List<FormField> Fields { get; set; } = [];
}

public sealed class FormSettings
{
    public string Theme { get; set; } = "";

    public decimal Fee { get; set; }

    public DateTime OpensAt { get; set; }

    public FormKind Kind { get; set; }

    public int? Limit { get; set; }

    public List<string> Tags { get; set; } = [];

    public FormStyle? Style { get; set; }
}

public sealed class FormStyle
{
    public string Color { get; set; } = "";

    public bool Dark { get; set; }
}

/// <summary>A dependent whose own JSON column is required.</summary>
public sealed class FormField
{
    public int Id { get; set; }

    public int FormId { get; set; }

    public string Label { get; set; } = "";

    public FieldOptions Options { get; set; } = new();
}

public sealed class FieldOptions
{
    public bool Required { get; set; }

    public int Order { get; set; }
}

/// <summary>The model the direct save's JSON columns are checked on: every value must be the text EF's SaveChanges writes.</summary>
public sealed class FormContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Form> Forms => Set<Form>();

    public List<string> Commands { get; } = [];

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
        => optionsBuilder.LogTo(Commands.Add, [RelationalEventId.CommandExecuted]);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Form>(b =>
        {
            b.HasIndex(x => x.Title).IsUnique();
            b.Property(x => x.CreatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
            b.OwnsOne(x => x.Settings, s =>
            {
                s.ToJson("settings_doc");
                s.Property(x => x.Kind).HasConversion<string>();
                s.Property(x => x.Fee).HasJsonPropertyName("fee_amount");
                s.Property<int>("Revision");
                s.OwnsOne(x => x.Style);
            });
            b.HasMany(x => x.Fields).WithOne().HasForeignKey(f => f.FormId);
        });
        modelBuilder.Entity<FormField>(b =>
        {
            b.OwnsOne(x => x.Options, o => o.ToJson());
            b.ToTable(t => t.HasCheckConstraint("CK_FormField_Label", "length(\"Label\") < 40"));
        });
    }

    public static async Task SeedAsync(FormContext db)
    {
        for (var i = 0; i < 3; i++)
        {
            var form = new Form
            {
                Title = $"Form {i}",
                Settings = i == 2 ? null : new FormSettings
                {
                    Theme = i == 0 ? "Grün – \"quoted\" <b>&</b> ✓" : "plain",
                    Fee = 12.5m + i,
                    OpensAt = new DateTime(2026, 3, 4, 5, 6, 7, 890, DateTimeKind.Utc).AddDays(i),
                    Kind = i == 0 ? FormKind.Quiz : FormKind.Survey,
                    Limit = i == 0 ? null : 100,
                    Tags = i == 0 ? ["a", "b\"c"] : [],
                    Style = i == 0 ? new FormStyle { Color = "#fff", Dark = true } : null,
                },
            };
            for (var f = 0; f < 3; f++)
            {
                form.Fields.Add(new FormField { Label = $"field {i}.{f}", Options = new FieldOptions { Required = f % 2 == 0, Order = f } });
            }

            db.Add(form);
            if (form.Settings is not null)
            {
                db.Entry(form.Settings).Property("Revision").CurrentValue = 3 + i;
            }
        }

        await db.SaveChangesAsync();
    }
}
