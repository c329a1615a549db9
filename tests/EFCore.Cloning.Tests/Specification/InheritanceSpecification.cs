using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using EFCore.Cloning.Tests.Infrastructure;

namespace EFCore.Cloning.Tests.Specification;

public abstract class InheritanceSpecification
{
    protected abstract InheritanceContext Create();

    [Fact]
    public async Task Set_mode_copies_tpt_tpc_tph_rows_and_hilo_keys()
    {
        await using (var db = Create())
        {
            db.Add(new Dog { Name = "Rex", Breed = "lab" });
            db.Add(new Cat { Name = "Tom", Lives = 9 });
            db.Add(new Truck { Plate = "TR", Load = 2.5 });
            var keeper = new Keeper { Name = "K" };
            keeper.Pets.Add(new Fish { Name = "Nemo", Water = "salt" });
            keeper.Pets.Add(new Bird { Name = "Tweety", Sings = true });
            db.Add(keeper);
            db.Add(new Ticket { Title = "t" });
            await db.SaveChangesAsync();
        }

        await using (var db = Create())
        {
            var animals = await db.Set<Animal>().ExecuteCloneAsync(o => o.Copies(2));
            Assert.Equal(4, animals.Roots.Count);
            Assert.Equal(4, animals.Tables["Animal"]);
            Assert.Equal(2, animals.Tables["Dog"]);
            Assert.Equal(2, animals.Tables["Cat"]);
            if (db.Database.IsNpgsql())
            {
                var trucks = await db.Set<Vehicle>().ExecuteCloneAsync();
                Assert.Equal(1, trucks.Tables["Truck"]);
                var tickets = await db.Set<Ticket>().ExecuteCloneAsync();
                Assert.Single(tickets.Roots);
            }

            var keepers = await db.Set<Keeper>().ExecuteCloneAsync(o => o.Aggregate());
            Assert.Equal(2, keepers.Tables["Pet"]);
        }

        await using (var db = Create())
        {
            Assert.Equal(3, db.Set<Dog>().Count(d => d.Breed == "lab"));
            Assert.Equal(3, db.Set<Cat>().Count(c => c.Lives == 9));
            Assert.Equal(2, db.Set<Keeper>().Count());
            Assert.All(db.Set<Keeper>().Include(k => k.Pets).ToList(), k => Assert.Equal(2, k.Pets.Count));
            if (db.Database.IsNpgsql())
            {
                Assert.Equal(2, db.Set<Truck>().Count());
                Assert.Equal(2, db.Set<Vehicle>().Select(v => v.Id).Distinct().Count());
                Assert.Equal(2, db.Set<Ticket>().Select(v => v.Id).Distinct().Count());
            }
        }
    }

    [Fact]
    public async Task Tpt_tpc_tph_copies_keep_concrete_type_and_every_table()
    {
        await using (var db = Create())
        {
            db.Add(new Dog { Name = "Rex", Breed = "lab" });
            db.Add(new Car { Plate = "AB", Seats = 4 });
            var keeper = new Keeper { Name = "K" };
            keeper.Pets.Add(new Fish { Name = "Nemo", Water = "salt" });
            keeper.Pets.Add(new Bird { Name = "Tweety", Sings = true });
            db.Add(keeper);
            db.Add(new Ticket { Title = "t" });
            db.Add(new Receipt { Number = "R-1" });
            await db.SaveChangesAsync();
        }

        await using (var db = Create())
        {
            var receipt = await db.Set<Receipt>().SingleAsync();
            var receiptCopy = (await db.CloneAndSaveAsync(receipt)).Copy;
            Assert.NotEqual(receipt.Id, receiptCopy.Id);
            if (db.Database.IsNpgsql())
            {
                // Both keys come from the explicit sequence, which starts at 1000.
                Assert.True(receipt.Id >= 1000 && receiptCopy.Id > receipt.Id);
                var setCopy = await db.Set<Receipt>().Where(r => r.Id == receipt.Id).ExecuteCloneAsync();
                Assert.True(Convert.ToInt64(setCopy.Roots[0].CopyKey) > receiptCopy.Id);
            }

            var dog = await db.Set<Animal>().SingleAsync();
            var dogCopy = (Dog)(await db.CloneAndSaveAsync(dog)).Copy;
            Assert.NotEqual(dog.Id, dogCopy.Id);
            var car = await db.Set<Vehicle>().SingleAsync();
            // SQLite has no sequences, so EF does not generate TPC keys there: the caller supplies them.
            var carCopy = db.Database.IsSqlite()
                ? (await db.CloneAndSaveAsync(car, o => o.Set(v => v.Id, original => original.Id + 1000))).Copy
                : (await db.CloneAndSaveAsync(car)).Copy;
            Assert.NotEqual(car.Id, carCopy.Id);
            var keeper = await db.Set<Keeper>().SingleAsync();
            var result = await db.CloneAndSaveAsync(keeper, o => o.Aggregate());
            Assert.NotEqual(keeper.Id, result.Copy.Id);
            var ticket = await db.Set<Ticket>().SingleAsync();
            var ticketCopy = (await db.CloneAndSaveAsync(ticket)).Copy;
            Assert.NotEqual(ticket.Id, ticketCopy.Id);
        }

        await using (var db = Create())
        {
            Assert.Equal(["lab", "lab"], db.Set<Dog>().Select(d => d.Breed).ToList());
            Assert.Equal(2, db.Set<Car>().Count(c => c.Seats == 4));
            Assert.Equal(2, db.Set<Fish>().Count());
            Assert.Equal(2, db.Set<Bird>().Count(b => b.Sings));
            Assert.Equal(2, db.Set<Keeper>().Count());
            Assert.Equal(2, db.Set<Ticket>().Count());
            var keepers = db.Set<Keeper>().Include(k => k.Pets).ToList();
            Assert.All(keepers, k => Assert.Equal(2, k.Pets.Count));
        }
    }
}

public sealed class SqliteInheritanceSpecification : InheritanceSpecification, IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"inh-{Guid.NewGuid():N}.db");

    protected override InheritanceContext Create()
    {
        var db = new InheritanceContext(new DbContextOptionsBuilder<InheritanceContext>().UseSqlite($"Data Source={_path}").Options);
        db.Database.EnsureCreated();
        return db;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_path);
    }
}

public sealed class PostgresInheritanceSpecification : InheritanceSpecification, IAsyncLifetime
{
    private string _connection = "";

    public async Task InitializeAsync() => _connection = await PostgresServer.CreateDatabaseAsync("inheritance");

    public Task DisposeAsync() => PostgresServer.DropDatabaseAsync(_connection);

    protected override InheritanceContext Create()
    {
        var db = new InheritanceContext(new DbContextOptionsBuilder<InheritanceContext>().UseNpgsql(_connection).Options);
        db.Database.EnsureCreated();
        return db;
    }
}
