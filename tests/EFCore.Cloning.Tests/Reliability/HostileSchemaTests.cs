using EFCore.Cloning.Tests.Specification;
using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Tests.Reliability;

/// <summary>
/// Identifiers with quotes, spaces, reserved words, mixed case and non-ASCII letters; values with quotes and
/// backslashes; strings at their maximum length; a 100,000-deep self-reference chain; a cycle through nullable keys.
/// </summary>
public abstract class HostileSchemaTests
{
    protected abstract string Provider { get; }

    [Theory]
    [InlineData("object mode")]
    [InlineData("set mode")]
    public async Task Hostile_identifiers_and_values_are_copied_exactly(string engine)
    {
        await using var database = await TestDatabase.CreateAsync(Provider);
        int id;
        const string awkward = "O'Brien \"the\" \\ back\\slash; DROP TABLE x; --";
        await using (var db = await database.EnsureCreatedAsync(() => new HostileContext(database.Options<HostileContext>())))
        {
            var order = new Order { Name = awkward, Code = new string('x', 12) };
            order.Lines.Add(new Line { Note = "a'b\"c\\d" });
            order.Lines.Add(new Line { Note = "ü漢é" });
            db.Add(order);
            await db.SaveChangesAsync();
            id = order.Id;
        }

        await using (var db = new HostileContext(database.Options<HostileContext>()))
        {
            var order = await db.Orders.SingleAsync(o => o.Id == id);
            await (engine == "set mode" ? CloneEngine.Sets : CloneEngine.Objects).CloneAsync(db, order, o => o.Aggregate());
        }

        await using (var db = new HostileContext(database.Options<HostileContext>()))
        {
            var copy = await db.Orders.Include(o => o.Lines).SingleAsync(o => o.Id != id);
            Assert.Equal(awkward + " (copy)", copy.Name);
            Assert.Equal(new string('x', 5) + " (copy)", copy.Code);
            Assert.Equal(["a'b\"c\\d", "ü漢é"], copy.Lines.Select(l => l.Note).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task A_100000_deep_self_reference_chain_is_copied_with_every_parent_in_the_copy()
    {
        const int depth = 100_000;
        await using var database = await TestDatabase.CreateAsync(Provider);
        await using (var db = await database.EnsureCreatedAsync(() => new HostileContext(database.Options<HostileContext>())))
        {
            // Row n's parent is row n - 1: a chain as deep as it is long.
            var sql = database.IsPostgres
                ? $"INSERT INTO \"Node\" (\"Id\", \"ParentId\", \"Label\") SELECT g, NULLIF(g - 1, 0), 'n' || g FROM generate_series(1, {depth}) g; SELECT setval(pg_get_serial_sequence('\"Node\"', 'Id'), {depth});"
                : $"WITH RECURSIVE s(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM s WHERE v < {depth}) INSERT INTO \"Node\" (\"Id\", \"ParentId\", \"Label\") SELECT v, NULLIF(v - 1, 0), 'n' || v FROM s;";
            await db.Database.ExecuteSqlRawAsync(sql);
        }

        await using (var db = new HostileContext(database.Options<HostileContext>()))
        {
            var result = await db.Nodes.Where(n => n.ParentId == null).ExecuteCloneAsync(o => o.Include(n => n.Children));
            Assert.Equal(depth, result.Tables["Node"]);
        }

        await using (var db = new HostileContext(database.Options<HostileContext>()))
        {
            Assert.Equal(2 * depth, await db.Nodes.CountAsync());
            Assert.Equal(depth - 1, await db.Nodes.CountAsync(n => n.Id > depth && n.ParentId > depth));
            Assert.Equal(1, await db.Nodes.CountAsync(n => n.Id > depth && n.ParentId == null));
            Assert.Equal(0, await db.Nodes.CountAsync(n => n.Id > depth && n.ParentId <= depth));
        }
    }

    [Theory]
    [InlineData("object mode")]
    [InlineData("set mode")]
    public async Task A_cycle_through_nullable_foreign_keys_is_copied_with_both_rows_remapped(string engine)
    {
        await using var database = await TestDatabase.CreateAsync(Provider);
        int personId;
        await using (var db = await database.EnsureCreatedAsync(() => new HostileContext(database.Options<HostileContext>())))
        {
            var person = new Person { Name = "Ada" };
            var desk = new Desk { Label = "D1" };
            db.AddRange(person, desk);
            await db.SaveChangesAsync();
            person.DeskId = desk.Id;
            desk.OwnerId = person.Id;
            await db.SaveChangesAsync();
            personId = person.Id;
        }

        await using (var db = new HostileContext(database.Options<HostileContext>()))
        {
            var person = await db.People.SingleAsync();
            await (engine == "set mode" ? CloneEngine.Sets : CloneEngine.Objects).CloneAsync(db, person, o => o.Include(p => p.Desk));
        }

        await using (var db = new HostileContext(database.Options<HostileContext>()))
        {
            var copy = await db.People.SingleAsync(p => p.Id != personId);
            var desk = await db.Desks.SingleAsync(d => d.Id == copy.DeskId);
            Assert.Equal(copy.Id, desk.OwnerId);
            Assert.Equal(2, await db.Desks.CountAsync());
        }
    }

    public sealed class HostileContext(DbContextOptions options) : DbContext(options)
    {
        public DbSet<Order> Orders => Set<Order>();

        public DbSet<Node> Nodes => Set<Node>();

        public DbSet<Person> People => Set<Person>();

        public DbSet<Desk> Desks => Set<Desk>();

        protected override void OnModelCreating(ModelBuilder b)
        {
            // Names that break naive SQL: quotes, spaces, reserved words, mixed case, letters outside ASCII.
            b.Entity<Order>(e =>
            {
                e.ToTable("order \"select\" Tàble");
                e.Property(o => o.Id).HasColumnName("user");
                e.Property(o => o.Name).HasColumnName("Näme 'quoted'");
                e.Property(o => o.Code).HasColumnName("from").HasMaxLength(12);
                e.HasIndex(o => o.Name).IsUnique();
                e.HasIndex(o => o.Code).IsUnique();
                e.HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.OrderId);
            });
            b.Entity<Line>(e =>
            {
                e.ToTable("Line Ïtems");
                e.Property(l => l.OrderId).HasColumnName("order id");
                e.Property(l => l.Note).HasColumnName("group");
            });
            b.Entity<Node>(e =>
            {
                e.ToTable("Node");
                e.HasOne<Node>().WithMany(n => n.Children).HasForeignKey(n => n.ParentId).OnDelete(DeleteBehavior.Restrict);
            });
            b.Entity<Person>().HasOne(p => p.Desk).WithMany().HasForeignKey(p => p.DeskId).OnDelete(DeleteBehavior.Restrict);
            b.Entity<Desk>().HasOne<Person>().WithMany().HasForeignKey(d => d.OwnerId).OnDelete(DeleteBehavior.Restrict);
        }
    }

    public sealed class Order
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";

        public string Code { get; set; } = "";

        public List<Line> Lines { get; set; } = [];
    }

    public sealed class Line
    {
        public int Id { get; set; }

        public int OrderId { get; set; }

        public string Note { get; set; } = "";
    }

    public sealed class Node
    {
        public int Id { get; set; }

        public int? ParentId { get; set; }

        public string Label { get; set; } = "";

        public List<Node> Children { get; set; } = [];
    }

    public sealed class Person
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";

        public int? DeskId { get; set; }

        public Desk? Desk { get; set; }
    }

    public sealed class Desk
    {
        public int Id { get; set; }

        public string Label { get; set; } = "";

        public int? OwnerId { get; set; }
    }
}

public sealed class SqliteHostileSchemaTests : HostileSchemaTests
{
    protected override string Provider => "sqlite";
}

public sealed class PostgresHostileSchemaTests : HostileSchemaTests
{
    protected override string Provider => "postgres";
}
