using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Benchmarks;

// The benchmark workload of DESIGN.md §5: one project aggregate with a task tree, comments and tag links.
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

    public int ProjectId { get; set; }

    public Project Project { get; set; } = null!;

    public int? ParentId { get; set; }

    public TaskItem? Parent { get; set; }

    public string Title { get; set; } = "";

    public int Position { get; set; }

    public List<Comment> Comments { get; set; } = [];

    public List<Tag> Tags { get; set; } = [];
}

public sealed class Comment
{
    public int Id { get; set; }

    public int TaskId { get; set; }

    public int AuthorId { get; set; }

    public string Body { get; set; } = "";
}

public sealed class BenchContext(DbContextOptions<BenchContext> options) : DbContext(options)
{
    public DbSet<Project> Projects => Set<Project>();

    public DbSet<TaskItem> Tasks => Set<TaskItem>();

    public DbSet<Tag> Tags => Set<Tag>();

    public DbSet<User> Users => Set<User>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.Entity<User>(e =>
        {
            e.ToTable("users");
            e.Property(u => u.Id).HasColumnName("id");
            e.Property(u => u.Email).HasColumnName("email");
            e.HasIndex(u => u.Email).IsUnique();
        });
        b.Entity<Tag>(e =>
        {
            e.ToTable("tags");
            e.Property(t => t.Id).HasColumnName("id");
            e.Property(t => t.Name).HasColumnName("name");
            e.HasIndex(t => t.Name).IsUnique();
        });
        b.Entity<Project>(e =>
        {
            e.ToTable("projects");
            e.Property(p => p.Id).HasColumnName("id");
            e.Property(p => p.Name).HasColumnName("name");
            e.Property(p => p.OwnerId).HasColumnName("owner_id");
            e.Property(p => p.CreatedAt).HasColumnName("created_at");
            e.HasIndex(p => p.Name).IsUnique();
            e.HasOne(p => p.Owner).WithMany().HasForeignKey(p => p.OwnerId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<TaskItem>(e =>
        {
            e.ToTable("tasks");
            e.Property(t => t.Id).HasColumnName("id");
            e.Property(t => t.ProjectId).HasColumnName("project_id");
            e.Property(t => t.ParentId).HasColumnName("parent_id");
            e.Property(t => t.Title).HasColumnName("title");
            e.Property(t => t.Position).HasColumnName("position");
            e.HasOne(t => t.Project).WithMany(p => p.Tasks).HasForeignKey(t => t.ProjectId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(t => t.Parent).WithMany().HasForeignKey(t => t.ParentId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(t => t.ParentId);

            // The many-to-many most users write: skip navigations with an implicit join table.
            e.HasMany(t => t.Tags).WithMany(t => t.Tasks).UsingEntity(
                "task_tags",
                r => r.HasOne(typeof(Tag)).WithMany().HasForeignKey("tag_id").OnDelete(DeleteBehavior.Cascade),
                l => l.HasOne(typeof(TaskItem)).WithMany().HasForeignKey("task_id").OnDelete(DeleteBehavior.Cascade),
                j => j.HasKey("task_id", "tag_id"));
        });
        b.Entity<Comment>(e =>
        {
            e.ToTable("comments");
            e.Property(c => c.Id).HasColumnName("id");
            e.Property(c => c.TaskId).HasColumnName("task_id");
            e.Property(c => c.AuthorId).HasColumnName("author_id");
            e.Property(c => c.Body).HasColumnName("body");
            e.HasOne<TaskItem>().WithMany(t => t.Comments).HasForeignKey(c => c.TaskId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<User>().WithMany().HasForeignKey(c => c.AuthorId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}
