using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Benchmarks.Contracts;

/// <summary>
/// Workload 2: a contract aggregate with the shapes real schemas have and workload 1 lacks. TPT (Documents -> Contracts),
/// a unique root name, a section tree under a unique (ParentId, Name), lines keyed (SectionId, LineNo) with a JSON column,
/// notes, and a many-to-many to shared people through a join entity that carries a payload (Role, AddedOn).
/// </summary>
public sealed class ContractsContext(DbContextOptions<ContractsContext> options) : DbContext(options)
{
    public DbSet<Person> People => Set<Person>();

    public DbSet<Document> Documents => Set<Document>();

    public DbSet<Contract> Contracts => Set<Contract>();

    public DbSet<Section> Sections => Set<Section>();

    public DbSet<Line> Lines => Set<Line>();

    public DbSet<Note> Notes => Set<Note>();

    public DbSet<Assignment> Assignments => Set<Assignment>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Person>().HasIndex(p => p.Email).IsUnique();
        modelBuilder.Entity<Document>(b =>
        {
            b.UseTptMappingStrategy();
            b.HasIndex(d => d.Name).IsUnique();
            // The library's default format, said explicitly: copies are "Name (copy)", "Name (copy 2)", ...
            b.Property(d => d.Name).HasMaxLength(80).HasCloneSuffix(CloneSuffix.Default);
            b.Property(d => d.CreatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
            b.HasOne(d => d.Owner).WithMany().OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<Contract>(b =>
        {
            b.ToTable("Contracts");
            b.Property(c => c.Value).HasPrecision(18, 2);
        });
        modelBuilder.Entity<Section>(b =>
        {
            b.HasOne(s => s.Contract).WithMany(c => c.Sections).HasForeignKey(s => s.ContractId).OnDelete(DeleteBehavior.Cascade);
            b.HasOne(s => s.Parent).WithMany(s => s.Children).HasForeignKey(s => s.ParentId).OnDelete(DeleteBehavior.Restrict);
            // Unique among siblings: a copied subtree keeps its names, a copy beside its original is suffixed.
            b.HasIndex(s => new { s.ParentId, s.Name }).IsUnique();
            b.Property(s => s.Name).HasMaxLength(120).HasCloneSuffix(CloneSuffix.Default);
            b.HasMany(s => s.Assignees).WithMany().UsingEntity<Assignment>(
                r => r.HasOne(a => a.Person).WithMany().HasForeignKey(a => a.PersonId).OnDelete(DeleteBehavior.Restrict),
                l => l.HasOne(a => a.Section).WithMany(s => s.Assignments).HasForeignKey(a => a.SectionId).OnDelete(DeleteBehavior.Cascade),
                j => j.HasKey(a => new { a.SectionId, a.PersonId }));
        });
        modelBuilder.Entity<Line>(b =>
        {
            // A composite key whose first part is the owner's foreign key: a copy's key is new through its new section.
            b.HasKey(l => new { l.SectionId, l.LineNo });
            b.HasOne(l => l.Section).WithMany(s => s.Lines).HasForeignKey(l => l.SectionId).OnDelete(DeleteBehavior.Cascade);
            b.Property(l => l.Amount).HasPrecision(18, 2);
            b.OwnsOne(l => l.Attributes, a => a.ToJson());
        });
        modelBuilder.Entity<Note>(b =>
        {
            b.HasOne(n => n.Section).WithMany(s => s.Notes).HasForeignKey(n => n.SectionId).OnDelete(DeleteBehavior.Cascade);
            b.HasOne(n => n.Author).WithMany().HasForeignKey(n => n.AuthorId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}
