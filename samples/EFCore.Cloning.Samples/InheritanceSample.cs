using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Samples;

/// <summary>docs/inheritance.md: a copy keeps its concrete type and every table's part of its row (TPH, TPT and TPC here).</summary>
public static class InheritanceSample
{
    public static async Task RunAsync(TextWriter output)
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        await using var db = new ShapesContext(new DbContextOptionsBuilder<ShapesContext>().UseSqlite(connection).Options);
        await db.Database.EnsureCreatedAsync();
        db.AddRange(new Circle { Name = "wheel", Radius = 2 }, new Square { Name = "tile", Side = 3 }, new Car { Plate = "AB-123", Seats = 5 },
            new Cheque { Amount = 40, Number = "000117" });
        await db.SaveChangesAsync();

        foreach (var shape in await db.Shapes.ToListAsync())
        {
            await db.CloneAndSaveAsync(shape);
        }

        await db.Vehicles.ExecuteCloneAsync();

        // TPC: a table per concrete type, keys unique across them. GUID keys here: SQLite has no shared sequence.
        var cheque = await db.Payments.SingleAsync();
        var chequeCopy = await db.CloneAndSaveAsync(cheque);

        db.ChangeTracker.Clear();
        Table.Write(output, ["type", "id", "detail"], (await db.Shapes.OrderBy(s => s.Id).ToListAsync())
            .Select(s => (IReadOnlyList<object?>)[s.GetType().Name, s.Id, s is Circle c ? $"radius {c.Radius}" : $"side {((Square)s).Side}"])
            .Concat((await db.Vehicles.OrderBy(v => v.Id).ToListAsync()).Select(v => (IReadOnlyList<object?>)[v.GetType().Name, v.Id, $"{v.Plate}, {((Car)v).Seats} seats"])));
        output.WriteLine($"TPC: {chequeCopy.Copy.GetType().Name} {((Cheque)chequeCopy.Copy).Number} copied; rows in table Cheques: {await db.Payments.OfType<Cheque>().CountAsync()}, new key differs: {chequeCopy.Copy.Id != cheque.Id}");
    }

    public abstract class Shape
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";
    }

    public sealed class Circle : Shape
    {
        public double Radius { get; set; }
    }

    public sealed class Square : Shape
    {
        public double Side { get; set; }
    }

    public class Vehicle
    {
        public int Id { get; set; }

        public string Plate { get; set; } = "";
    }

    public sealed class Car : Vehicle
    {
        public int Seats { get; set; }
    }

    public abstract class Payment
    {
        public Guid Id { get; set; }

        public decimal Amount { get; set; }
    }

    public sealed class Cheque : Payment
    {
        public string Number { get; set; } = "";
    }

    public sealed class ShapesContext(DbContextOptions<ShapesContext> options) : DbContext(options)
    {
        public DbSet<Shape> Shapes => Set<Shape>();

        public DbSet<Vehicle> Vehicles => Set<Vehicle>();

        public DbSet<Payment> Payments => Set<Payment>();

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            // TPH: one table and a discriminator. TPT: a base table and one table per derived type.
            modelBuilder.Entity<Circle>();
            modelBuilder.Entity<Square>();
            modelBuilder.Entity<Vehicle>().UseTptMappingStrategy();
            modelBuilder.Entity<Car>();
            modelBuilder.Entity<Payment>().UseTpcMappingStrategy(); // TPC: one table per concrete type
            modelBuilder.Entity<Cheque>();
        }
    }
}
