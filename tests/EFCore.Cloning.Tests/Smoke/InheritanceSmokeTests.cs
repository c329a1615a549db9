using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using EFCore.Cloning.Tests.Infrastructure;

namespace EFCore.Cloning.Tests.Smoke;

public abstract class InheritanceSmokeTests
{
    protected abstract InheritanceContext Create();

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
            await db.SaveChangesAsync();
        }

        await using (var db = Create())
        {
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

public sealed class SqliteInheritanceSmokeTests : InheritanceSmokeTests, IDisposable
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

public sealed class PostgresInheritanceSmokeTests : InheritanceSmokeTests, IAsyncLifetime
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
