using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Samples.Model;

/// <summary>A small project planner: the aggregate most "Duplicate" buttons copy.</summary>
public sealed class PlannerContext(DbContextOptions<PlannerContext> options) : DbContext(options)
{
    public DbSet<User> Users => Set<User>();

    public DbSet<Tag> Tags => Set<Tag>();

    public DbSet<Project> Projects => Set<Project>();

    public DbSet<TaskItem> Tasks => Set<TaskItem>();

    public DbSet<Comment> Comments => Set<Comment>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<User>().HasIndex(u => u.Email).IsUnique();
        modelBuilder.Entity<Tag>().HasIndex(t => t.Name).IsUnique();
        modelBuilder.Entity<Project>(b =>
        {
            b.HasIndex(p => p.Name).IsUnique();
            b.Property(p => p.Name).HasMaxLength(40);
            b.Property(p => p.CreatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
        });
        modelBuilder.Entity<TaskItem>(b =>
        {
            b.ToTable("Tasks");
            b.HasOne(t => t.Parent).WithMany(t => t.Children).HasForeignKey(t => t.ParentId).OnDelete(DeleteBehavior.Restrict);
            b.HasMany(t => t.Tags).WithMany(t => t.Tasks).UsingEntity("TaskTags");
        });
        modelBuilder.Entity<Comment>().HasOne(c => c.Author).WithMany().OnDelete(DeleteBehavior.Restrict);
    }

    /// <summary>A fresh in-memory SQLite database (kept alive by its open connection) with the planner's tables.</summary>
    public static PlannerContext CreateInMemory(Microsoft.Data.Sqlite.SqliteConnection connection)
    {
        var context = new PlannerContext(new DbContextOptionsBuilder<PlannerContext>().UseSqlite(connection).Options);
        context.Database.EnsureCreated();
        return context;
    }
}

public sealed class User
{
    public int Id { get; set; }

    public string Email { get; set; } = "";
}

public sealed class Tag
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public List<TaskItem> Tasks { get; set; } = [];
}

public sealed class Project
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public int OwnerId { get; set; }

    public User Owner { get; set; } = null!;

    public DateTime CreatedAt { get; set; }

    public List<TaskItem> Tasks { get; set; } = [];
}

public sealed class TaskItem
{
    public int Id { get; set; }

    public string Title { get; set; } = "";

    public int Position { get; set; }

    public int ProjectId { get; set; }

    public Project Project { get; set; } = null!;

    public int? ParentId { get; set; }

    public TaskItem? Parent { get; set; }

    public List<TaskItem> Children { get; set; } = [];

    public List<Comment> Comments { get; set; } = [];

    public List<Tag> Tags { get; set; } = [];
}

public sealed class Comment
{
    public int Id { get; set; }

    public string Body { get; set; } = "";

    public int TaskItemId { get; set; }

    public int AuthorId { get; set; }

    public User Author { get; set; } = null!;
}
