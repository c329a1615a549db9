using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Samples;

/// <summary>docs/keys-and-insert-vs-update.md: why "change the key and save" fails in EF, and what a clone does for each kind of key.</summary>
public static class KeysSample
{
    public static async Task RunAsync(TextWriter output)
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        await using var db = new KeysContext(new DbContextOptionsBuilder<KeysContext>().UseSqlite(connection).Options);
        await db.Database.EnsureCreatedAsync();
        db.AddRange(new Invoice { Number = "INV-1" }, new Document { Title = "Terms" }, new Currency { Code = "EUR", Name = "Euro" });
        await db.SaveChangesAsync();

        // The Django habit, in EF: changing a tracked key throws.
        var invoice = await db.Invoices.SingleAsync();
        try
        {
            invoice.Id = 0;
            await db.SaveChangesAsync();
        }
        catch (InvalidOperationException exception)
        {
            output.WriteLine($"changing a tracked key: {exception.Message.Split(Environment.NewLine)[0]}");
            db.ChangeTracker.Clear();
        }

        // And an object that carries a key is an existing row to EF: Update() overwrites that row, it inserts nothing.
        db.Update(new Invoice { Id = 1, Number = "INV-1 (meant as a copy)" });
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        var invoices = await db.Invoices.AsNoTracking().ToListAsync();
        output.WriteLine($"Update() of an object with Id = 1: {invoices.Count} invoice row(s), row 1 is now '{invoices[0].Number}'");

        // Identity key: the database makes the new key. GUID key: a new client value. Natural key: yours to supply.
        var invoiceCopy = await db.CloneAndSaveAsync(await db.Invoices.SingleAsync());
        var documentCopy = await db.CloneAndSaveAsync(await db.Documents.SingleAsync());
        var euro = await db.Currencies.SingleAsync();
        try
        {
            await db.CloneAndSaveAsync(euro);
        }
        catch (CloneException exception)
        {
            output.WriteLine($"natural key: {exception.Message}");
        }

        var currencyCopy = await db.CloneAndSaveAsync(euro, o => o.Set(c => c.Code, "EUX"));
        Table.Write(output, ["kind", "original key", "copy key"],
        [
            ["identity", invoiceCopy.Roots[0].OriginalKey, invoiceCopy.Roots[0].CopyKey],
            ["guid", documentCopy.Roots[0].OriginalKey, documentCopy.Roots[0].CopyKey],
            ["natural (supplied)", currencyCopy.Roots[0].OriginalKey, currencyCopy.Roots[0].CopyKey],
        ]);
    }

    public sealed class Invoice
    {
        public int Id { get; set; }

        public string Number { get; set; } = "";
    }

    public sealed class Document
    {
        public Guid Id { get; set; }

        public string Title { get; set; } = "";
    }

    public sealed class Currency
    {
        public string Code { get; set; } = "";

        public string Name { get; set; } = "";
    }

    public sealed class KeysContext(DbContextOptions<KeysContext> options) : DbContext(options)
    {
        public DbSet<Invoice> Invoices => Set<Invoice>();

        public DbSet<Document> Documents => Set<Document>();

        public DbSet<Currency> Currencies => Set<Currency>();

        protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Currency>().HasKey(c => c.Code);
    }
}
