using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Tests.Smoke;

public class User { public int Id { get; set; } public string Email { get; set; } = ""; }
public class Tag { public int Id { get; set; } public string Name { get; set; } = ""; public List<WorkItem> Items { get; set; } = []; }
public class Project
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public int OwnerId { get; set; }
    public User Owner { get; set; } = null!;
    public List<WorkItem> Items { get; set; } = [];
    public Address Address { get; set; } = new();
    public byte[] Logo { get; set; } = [];
}
public class Address { public string City { get; set; } = ""; public List<string> Lines { get; set; } = []; }
public class WorkItem
{
    public int Id { get; set; }
    public string Title { get; set; } = "";
    public int ProjectId { get; set; }
    public Project Project { get; set; } = null!;
    public int? ParentId { get; set; }
    public WorkItem? Parent { get; set; }
    public List<WorkItem> Children { get; set; } = [];
    public List<Note> Notes { get; set; } = [];
    public List<Tag> Tags { get; set; } = [];
}
public class Note { public int Id { get; set; } public string Body { get; set; } = ""; public int WorkItemId { get; set; } public int AuthorId { get; set; } }

public class SmokeContext(DbContextOptions<SmokeContext> options) : DbContext(options)
{
    public DbSet<Project> Projects => Set<Project>();
    public DbSet<WorkItem> Items => Set<WorkItem>();
    public DbSet<User> Users => Set<User>();
    public DbSet<Tag> Tags => Set<Tag>();
    public DbSet<Note> Notes => Set<Note>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.Entity<User>().HasIndex(u => u.Email).IsUnique();
        b.Entity<Tag>().HasIndex(u => u.Name).IsUnique();
        b.Entity<Project>().HasIndex(p => p.Name).IsUnique();
        b.Entity<Project>().OwnsOne(p => p.Address);
        b.Entity<WorkItem>().HasOne(w => w.Parent).WithMany(w => w.Children).HasForeignKey(w => w.ParentId).OnDelete(DeleteBehavior.Restrict);
        b.Entity<WorkItem>().HasMany(w => w.Notes).WithOne().HasForeignKey(n => n.WorkItemId);
        b.Entity<Note>().HasOne<User>().WithMany().HasForeignKey(n => n.AuthorId).OnDelete(DeleteBehavior.Restrict);
        b.Entity<WorkItem>().HasMany(w => w.Tags).WithMany(t => t.Items);
    }
}
