using EFCore.Cloning.Web.Blobs;
using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Web.Data;

/// <summary>The app's model, with its clone configuration: unique names get suffixes, attachments copy their files.</summary>
public class ProjectsContext(DbContextOptions<ProjectsContext> options) : DbContext(options)
{
    public DbSet<Project> Projects => Set<Project>();

    public DbSet<WorkItem> Tasks => Set<WorkItem>();

    public DbSet<Comment> Comments => Set<Comment>();

    public DbSet<Attachment> Attachments => Set<Attachment>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Project>(b =>
        {
            b.Property(p => p.Name).HasMaxLength(200);
            b.HasIndex(p => p.Name).IsUnique();
            b.Property(p => p.PublishedAt).ResetOnClone();
        });

        modelBuilder.Entity<WorkItem>(b => b.HasIndex(t => new { t.ProjectId, t.Position }));
        modelBuilder.Entity<Comment>();

        // The row is copied by the library; its file by this hook, before the copy is saved (so the copy never points
        // at the original's file). If the clone then rolls back, the AttachmentCopies scope removes the new file.
        modelBuilder.Entity<Attachment>()
            .OnCloningAsync(async (original, copy, cancellationToken) =>
                copy.BlobKey = await AttachmentCopies.CopyAsync(original.BlobKey, cancellationToken));
    }
}
