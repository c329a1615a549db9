using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Tests.Specification;

public abstract class Animal { public int Id { get; set; } public string Name { get; set; } = ""; public int? KeeperId { get; set; } }
public class Dog : Animal { public string Breed { get; set; } = ""; }
public class Cat : Animal { public int Lives { get; set; } }
public abstract class Vehicle { public int Id { get; set; } public string Plate { get; set; } = ""; }
public class Car : Vehicle { public int Seats { get; set; } }
public class Truck : Vehicle { public double Load { get; set; } }
public class Keeper { public long Id { get; set; } public string Name { get; set; } = ""; public List<Pet> Pets { get; set; } = []; }
public abstract class Pet { public int Id { get; set; } public long KeeperId { get; set; } public string Name { get; set; } = ""; }
public class Fish : Pet { public string Water { get; set; } = ""; }
public class Bird : Pet { public bool Sings { get; set; } }
public class Ticket { public int Id { get; set; } public string Title { get; set; } = ""; }
public class Receipt { public long Id { get; set; } public string Number { get; set; } = ""; }

public class InheritanceContext(DbContextOptions<InheritanceContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder b)
    {
        b.Entity<Animal>().UseTptMappingStrategy();
        b.Entity<Dog>(); b.Entity<Cat>();
        b.Entity<Vehicle>().UseTpcMappingStrategy();
        b.Entity<Car>(); b.Entity<Truck>();
        b.Entity<Pet>().HasDiscriminator<string>("Kind").HasValue<Fish>("fish").HasValue<Bird>("bird");
        b.Entity<Keeper>().HasMany(k => k.Pets).WithOne().HasForeignKey(p => p.KeeperId);
        b.Entity<Fish>(); b.Entity<Bird>();
        if (Database.IsNpgsql())
        {
            b.Entity<Ticket>().Property(t => t.Id).UseHiLo("ticket_hilo");
            b.HasSequence<long>("receipt_numbers").StartsAt(1000);
            b.Entity<Receipt>().Property(r => r.Id).HasDefaultValueSql("nextval('receipt_numbers')");
            b.Entity<Keeper>().Property(k => k.Id).UseIdentityAlwaysColumn();
        }
        else
        {
            b.Entity<Ticket>();
            b.Entity<Receipt>();
        }
    }
}
