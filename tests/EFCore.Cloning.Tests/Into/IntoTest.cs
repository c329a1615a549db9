using System.Globalization;
using EFCore.Cloning.Tests.Specification;
using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Tests.Into;

/// <summary>Two fresh databases of the same model, the source seeded, with plain-SQL reads of either.</summary>
public abstract class IntoTest : IAsyncLifetime
{
    protected static readonly Guid ExternalId = Guid.Parse("6f9619ff-8b86-d011-b42d-00c04fc964ff");
    protected static readonly DateTime PublishedAt = new(2021, 3, 4, 5, 6, 7, DateTimeKind.Utc);
    protected static readonly byte[] Cover = [0, 1, 2, 250, 255];
    protected static readonly Guid ImprintId = Guid.Parse("0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d");

    private TestDatabase? _source;
    private TestDatabase? _target;

    protected abstract string SourceProvider { get; }

    protected abstract string TargetProvider { get; }

    protected TestDatabase SourceDatabase => _source ?? throw new InvalidOperationException("Made in InitializeAsync.");

    protected TestDatabase TargetDatabase => _target ?? throw new InvalidOperationException("Made in InitializeAsync.");

    /// <summary>The source's book: Id 1 of publisher 2 ("Fjord Press", of country 2), with two chapters.</summary>
    protected int BookId { get; private set; }

    public async Task InitializeAsync()
    {
        _source = await TestDatabase.CreateAsync(SourceProvider);
        _target = await TestDatabase.CreateAsync(TargetProvider);
        await using (var db = await _target.EnsureCreatedAsync(Target))
        {
        }

        await using var source = await _source.EnsureCreatedAsync(Source);
        var iceland = new Country { Name = "Iceland" };
        var norway = new Country { Name = "Norway" };
        source.AddRange(iceland, norway);
        await source.SaveChangesAsync();
        var other = new Publisher { Name = "Other", Country = iceland };
        var fjord = new Publisher { Name = "Fjord Press", Country = norway };
        source.AddRange(other, fjord);
        await source.SaveChangesAsync();
        var book = new Book
        {
            Title = "Dune",
            ExternalId = ExternalId,
            PublishedAt = PublishedAt,
            Price = 12.50m,
            InPrint = true,
            Cover = Cover,
            Style = new BookStyle { Font = "Garamond", Size = 11 },
            Publisher = fjord,
            Imprint = new Imprint { Id = ImprintId, Name = "Spice" },
            Chapters = [new Chapter { Number = 1, Heading = "Arrival" }, new Chapter { Number = 2, Heading = "Desert" }],
        };
        source.Add(book);
        await source.SaveChangesAsync();
        BookId = book.Id;
        Assert.Equal((1, 2, 2), (book.Id, fjord.Id, norway.Id));
    }

    public async Task DisposeAsync()
    {
        await SourceDatabase.DisposeAsync();
        await TargetDatabase.DisposeAsync();
    }

    protected IntoContext Source() => new((DbContextOptions<IntoContext>)SourceDatabase.Options<IntoContext>());

    protected IntoContext Target() => new((DbContextOptions<IntoContext>)TargetDatabase.Options<IntoContext>());

    /// <summary>Gives the target the shared rows the book points at, with the source's keys, and a book of its own with the same key as the source's.</summary>
    protected async Task SeedTargetAsync()
    {
        await using var target = Target();
        target.Add(new Country { Id = 2, Name = "Norway" });
        target.Add(new Publisher { Id = 2, Name = "Fjord Press", CountryId = 2 });
        target.Add(new Imprint { Id = ImprintId, Name = "Spice" });
        target.Add(new Book
        {
            Id = 1,
            Title = "Target's own",
            ExternalId = Guid.NewGuid(),
            PublishedAt = PublishedAt,
            Cover = [9],
            PublisherId = 2,
            Chapters = [new Chapter { Id = 1, Number = 1, Heading = "Target chapter" }],
        });
        await target.SaveChangesAsync();
        if (TargetDatabase.IsPostgres)
        {
            // Explicit keys do not move PostgreSQL's identity sequences: moved as an application seeding keys would.
            await target.Database.ExecuteSqlRawAsync(
                "SELECT setval(pg_get_serial_sequence('\"Countries\"', 'Id'), 2), setval(pg_get_serial_sequence('\"Publishers\"', 'Id'), 2), "
                + "setval(pg_get_serial_sequence('\"Books\"', 'Id'), 1), setval(pg_get_serial_sequence('\"Chapters\"', 'Id'), 1)");
        }
    }

    /// <summary>Rows of a plain SQL query on the target (identifiers double-quoted, which both databases read the same way).</summary>
    protected Task<List<object?[]>> TargetRowsAsync(string sql) => RowsAsync(Target(), sql);

    protected Task<List<object?[]>> SourceRowsAsync(string sql) => RowsAsync(Source(), sql);

    protected async Task<long> TargetCountAsync(string table) => Long((await TargetRowsAsync($"""SELECT count(*) FROM "{table}" """)).Single()[0]);

    protected async Task<long> SourceCountAsync(string table) => Long((await SourceRowsAsync($"""SELECT count(*) FROM "{table}" """)).Single()[0]);

    protected static long Long(object? value) => Convert.ToInt64(value, CultureInfo.InvariantCulture);

    private static async Task<List<object?[]>> RowsAsync(IntoContext db, string sql)
    {
        await using (db)
        {
            return await Specification.RowSnapshot.QueryAsync(db, sql);
        }
    }
}
