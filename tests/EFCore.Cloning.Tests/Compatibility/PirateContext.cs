using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Tests.Compatibility;

/// <summary>deep_cloneable's schema as an EF model, and its setup data.</summary>
public class PirateContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Pirate> Pirates => Set<Pirate>();

    public DbSet<Parrot> Parrots => Set<Parrot>();

    public DbSet<Matey> Mateys => Set<Matey>();

    public DbSet<Treasure> Treasures => Set<Treasure>();

    public DbSet<GoldPiece> GoldPieces => Set<GoldPiece>();

    public DbSet<BattleShip> BattleShips => Set<BattleShip>();

    public DbSet<Cage> Cages => Set<Cage>();

    public DbSet<Animal.Human> Humans => Set<Animal.Human>();

    public DbSet<Animal.Pig> Pigs => Set<Animal.Pig>();

    public DbSet<Animal.Planet> Planets => Set<Animal.Planet>();

    public DbSet<Animal.Bird> Birds => Set<Animal.Bird>();

    public DbSet<Animal.Ownership> Ownerships => Set<Animal.Ownership>();

    public DbSet<Person> People => Set<Person>();

    public DbSet<Car> Cars => Set<Car>();

    public DbSet<Coin> Coins => Set<Coin>();

    public DbSet<Part> Parts => Set<Part>();

    public DbSet<Student> Students => Set<Student>();

    public DbSet<ShopUser> ShopUsers => Set<ShopUser>();

    public DbSet<Subject> Subjects => Set<Subject>();

    public DbSet<Building> Buildings => Set<Building>();

    public DbSet<Apartment> Apartments => Set<Apartment>();

    public DbSet<Contractor> Contractors => Set<Contractor>();

    public DbSet<Organization> Organizations => Set<Organization>();

    public DbSet<Contract> Contracts => Set<Contract>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Pirate>(b =>
        {
            b.Property(p => p.NickName).HasDefaultValue("no nickname");
            b.HasOne(p => p.Ship).WithMany(s => s.Pirates).HasForeignKey(p => p.ShipId);
            b.HasMany(p => p.Mateys).WithOne().HasForeignKey(m => m.PirateId);
            b.HasMany(p => p.Treasures).WithOne().HasForeignKey(t => t.OwnerId);
            b.HasOne(p => p.Parrot).WithOne().HasForeignKey<Parrot>(p => p.PirateId);
            b.HasMany(p => p.Cages).WithOne().HasForeignKey(c => c.OwnerId);
        });
        modelBuilder.Entity<Treasure>(b =>
        {
            b.Property(t => t.OwnerId).HasColumnName("Owner");
            b.HasOne(t => t.Matey).WithMany().HasForeignKey(t => t.MateyId);
            b.HasMany(t => t.GoldPieces).WithOne().HasForeignKey(g => g.TreasureId);
        });

        modelBuilder.Entity<Animal.Human>(b =>
        {
            b.HasMany(h => h.Pigs).WithOne().HasForeignKey(p => p.HumanId);
            b.HasMany(h => h.Ownerships).WithOne().HasForeignKey(o => o.HumanId);
        });
        modelBuilder.Entity<Animal.Planet>().HasMany(p => p.Birds).WithOne().HasForeignKey(b => b.PlanetId);
        modelBuilder.Entity<Animal.Bird>().HasDiscriminator<string>("Type")
            .HasValue<Animal.Chicken>("Chicken").HasValue<Animal.Dove>("Dove");
        modelBuilder.Entity<Animal.Chicken>().HasMany(c => c.Ownerships).WithOne().HasForeignKey(o => o.ChickenId);
        modelBuilder.Entity<Animal.Ownership>().HasIndex(o => new { o.ChickenId, o.HumanId }).IsUnique();

        modelBuilder.Entity<Person>().HasMany(p => p.Cars).WithMany(c => c.People);
        modelBuilder.Entity<Coin>().HasMany(c => c.People).WithMany();
        modelBuilder.Entity<Part>().HasMany(p => p.ChildParts).WithOne().HasForeignKey(p => p.ParentPartId);
        modelBuilder.Entity<Student>().HasMany(s => s.Subjects).WithMany(s => s.Students).UsingEntity<StudentAssignment>(
            r => r.HasOne(a => a.Subject).WithMany(s => s.StudentAssignments).HasForeignKey(a => a.SubjectId),
            l => l.HasOne<Student>().WithMany(s => s.StudentAssignments).HasForeignKey(a => a.StudentId),
            j => j.HasKey(a => a.Id));

        modelBuilder.Entity<Building>(b =>
        {
            b.HasMany(x => x.Apartments).WithOne().HasForeignKey(a => a.BuildingId);
            b.HasMany(x => x.Contractors).WithOne().HasForeignKey(c => c.BuildingId);
        });
        modelBuilder.Entity<Apartment>().HasMany(a => a.Contractors).WithMany(c => c.Apartments);
        modelBuilder.Entity<Organization>().HasOne(o => o.Contract).WithOne().HasForeignKey<Contract>(c => c.OrganizationId);
        modelBuilder.Entity<Contract>().HasOne(c => c.Contractor).WithMany().HasForeignKey(c => c.ContractorId);
    }

    /// <summary>test_deep_cloneable.rb's setup, plus the rows its other tests create for themselves.</summary>
    public static async Task SeedAsync(PirateContext db)
    {
        var john = new Matey { Name = "John" };
        var jack = new Pirate
        {
            Name = "Jack Sparrow",
            NickName = "Captain Jack",
            Age = "30",
            Ship = new BattleShip { Name = "Black Pearl" },
            Parrot = new Parrot { Name = "Polly", Age = 2 },
            Mateys = [john],
            Treasures = [new Treasure { FoundAt = "Isla del Muerte", Matey = john, GoldPieces = [new GoldPiece()] }],
            Cages = [new Cage { Name = "Brig" }],
        };
        db.Add(jack);

        db.Add(new Animal.Human { Name = "Michael", Pigs = [new Animal.Pig { Name = "big pig" }] });
        db.Add(new Animal.Human { Name = "John", Pigs = [new Animal.Pig { Name = "small pig" }] });
        var earth = new Animal.Planet { Name = "Earth" };
        var chick1 = new Animal.Chicken { Name = "Chick1", };
        var chick2 = new Animal.Chicken { Name = "Chick2" };
        earth.Birds = [chick1, new Animal.Dove { Name = "Dovey" }];
        db.AddRange(earth, chick2);
        await db.SaveChangesAsync();
        var humans = await db.Humans.ToListAsync();
        foreach (var human in humans)
        {
            human.Ownerships = [new Animal.Ownership { ChickenId = chick1.Id }, new Animal.Ownership { ChickenId = chick2.Id }];
        }

        var cars = new List<Car> { new() { Name = "Mustang" }, new() { Name = "Camaro" } };
        var bill = new Person { Name = "Bill", Cars = [.. cars] };
        db.AddRange(bill, new Person { Name = "Ted", Cars = [.. cars] }, new Coin { Value = 1, People = [bill] });

        db.Add(new Part { Name = "Parent", ChildParts = [new Part { Name = "Child 1" }, new Part { Name = "Child 2" }] });
        db.Add(new Student { Name = "Parent", Subjects = [new Subject { Name = "subject 1" }, new Subject { Name = "subject 2" }] });

        var apartment = new Apartment { Number = "101" };
        var contractor = new Contractor { Name = "contractor", Apartments = [apartment] };
        db.Add(new Building { Name = "Tall Building", Apartments = [apartment], Contractors = [contractor] });
        db.Add(new Organization { Name = "organization", Contract = new Contract { Number = "12345", Contractor = contractor } });
        await db.SaveChangesAsync();
    }
}

/// <summary>The same schema with deep_cloneable's block (preprocessor) as model hooks: copies remember their original.</summary>
public sealed class HookedPirateContext(DbContextOptions options) : PirateContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<Pirate>().OnCloning((original, copy) => copy.ClonedFromId = original.Id);
        modelBuilder.Entity<Parrot>().OnCloning((original, copy) => copy.ClonedFromId = original.Id);
    }
}
