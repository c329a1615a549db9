using CsCheck;
using EFCore.Cloning.Tests.Infrastructure;
using EFCore.Cloning.Tests.Specification;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace EFCore.Cloning.Tests.Properties;

/// <summary>
/// Random schemas, not only random data: each sample is a model (TPH/TPT/TPC, alternate-key foreign keys, query
/// filters, value converters, owned and JSON types, constant and volatile defaults, a unique index containing a
/// self-reference, composite keys) with rows. The aggregate is cloned by object mode into one copy of the database and
/// by set mode into another: both must write the same rows, and no copied row may reference a copied original.
/// </summary>
public abstract class RandomSchemaProperties
{
    private static readonly int Iterations = int.TryParse(Environment.GetEnvironmentVariable("EFCLONE_SCHEMAS"), out var n) ? n : 200;

    protected abstract bool Postgres { get; }

    private Gen<SchemaSpec> Specs => Gen.Select(
        Gen.Enum<SpecInheritance>().Where(i => Postgres || i != SpecInheritance.Tpc),
        Gen.Bool.Array[11],
        Gen.Enum<SpecOwned>(),
        Gen.Int[1, 6].SelectMany(count => Gen.Int[0, 100].Array[count].Select(Gen.Bool.Array[count], (p, d) => (p, d))),
        Gen.Int[0, 3],
        Gen.Int[0, 3],
        (inheritance, flags, owned, children, deps, parts) => new SchemaSpec(
            inheritance,
            AlternateKey: flags[0],
            QueryFilter: flags[1],
            Converter: flags[2],
            SetTier: flags[3],
            owned,
            ConstantDefault: flags[4],
            VolatileDefault: flags[5],
            SelfReference: flags[6],
            UniqueWithParent: flags[6] && flags[7],
            CompositePart: flags[8],
            GuidRoot: flags[9],
            // A constant on a column of a unique index is the caller's to keep unique: not combined with that index here.
            DerivedRule: inheritance != SpecInheritance.None && flags[10] && !(flags[6] && flags[7]),
            Parents: children.p.Select((v, i) => i == 0 ? -1 : v % (i + 1) - 1).ToArray(),
            Deleted: children.d,
            Deps: deps,
            Parts: parts));

    [Fact]
    public void Both_engines_write_the_same_rows_on_random_schemas()
        => Specs.Sample(spec => CheckAsync(spec).GetAwaiter().GetResult(), iter: Iterations, threads: 1);

    private async Task CheckAsync(SchemaSpec spec)
    {
        var objectRows = await CloneAsync(spec, CloneEngine.Objects);
        var setRows = await CloneAsync(spec, CloneEngine.Sets);
        Assert.Equal(objectRows.Keys.Order(), setRows.Keys.Order());
        foreach (var table in objectRows.Keys)
        {
            Assert.True(
                objectRows[table].SequenceEqual(setRows[table]),
                $"{spec}\nTable {table} differs:\nobject mode: {string.Join(" | ", objectRows[table])}\nset mode:    {string.Join(" | ", setRows[table])}");
        }
    }

    private async Task<Dictionary<string, List<string>>> CloneAsync(SchemaSpec spec, CloneEngine engine)
    {
        await using var scope = await DatabaseScope.CreateAsync(Postgres, engine == CloneEngine.Objects ? "obj" : "set");
        object rootKey;
        await using (var db = scope.Context(spec))
        {
            await db.GetService<IRelationalDatabaseCreator>().CreateTablesAsync();
            rootKey = await SeedAsync(db, spec);
        }

        CloneResult result;
        await using (var db = scope.Context(spec))
        {
            var root = spec.GuidRoot ? await db.Set<SpecRoot>().SingleAsync(r => r.Uid == (Guid)rootKey) : await db.Set<SpecRoot>().SingleAsync(r => r.Id == (int)rootKey);
            result = await engine.CloneAsync(db, root, o =>
            {
                o.Aggregate().MapAllRows();
                if (spec.SetTier)
                {
                    o.Set(r => r.Tier, SpecTier.High);
                }

                if (spec.DerivedRule)
                {
                    o.Entity<SpecChildA>(a => a.Set(x => x.Name, "renamed"));
                }
            });
        }

        await using (var db = scope.Context(spec))
        {
            await RowSnapshot.AssertNoReferenceIntoOriginalsAsync(db, result);
            return await RowSnapshot.OfAsync(db);
        }
    }

    private static async Task<object> SeedAsync(SpecContext db, SchemaSpec spec)
    {
        var root = new SpecRoot { Uid = Guid.NewGuid(), Name = "Apollo", Code = "A-1", Flag = false, Stamp = new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc), Tier = SpecTier.Low };
        db.Add(new SpecRoot { Uid = Guid.NewGuid(), Name = "Gemini", Code = "G-1", Stamp = new DateTime(2002, 2, 2, 0, 0, 0, DateTimeKind.Utc) });
        if (spec.Owned != SpecOwned.None)
        {
            root.Details = new SpecDetails { Limit = 10, Note = "n" };
        }

        var children = new List<SpecChild>();
        for (var i = 0; i < spec.Parents.Length; i++)
        {
            SpecChild child = (spec.Inheritance, i % 3) switch
            {
                (SpecInheritance.None, _) or (_, 0) => new SpecChild(),
                (_, 1) => new SpecChildA { Weight = i },
                _ => new SpecChildB { Color = $"c{i}" },
            };
            child.Name = $"child{i}";
            child.IsDeleted = spec.Deleted[i];
            children.Add(child);
            root.Children.Add(child);
        }

        for (var i = 0; i < spec.Deps; i++)
        {
            root.Deps.Add(new SpecDep { Text = $"dep{i}" });
        }

        for (var i = 0; i < spec.Parts; i++)
        {
            root.Parts.Add(new SpecPart { Position = i, Label = $"part{i}" });
        }

        db.Add(root);
        if (spec.Owned == SpecOwned.Split)
        {
            db.Entry(root.Details!).Property("Revision").CurrentValue = 4;
        }

        await db.SaveChangesAsync();
        if (spec.SelfReference)
        {
            // Parents are set once every child has its key (a child may hang under a later one in key order).
            for (var i = 0; i < children.Count; i++)
            {
                children[i].ParentId = spec.Parents[i] >= 0 ? children[spec.Parents[i]].Id : null;
            }

            await db.SaveChangesAsync();
        }

        // EF leaves false to the column's default (true) on insert: the original is set as a user's later edit would.
        await db.Set<SpecRoot>().ExecuteUpdateAsync(s => s.SetProperty(x => x.Flag, false));
        return spec.GuidRoot ? root.Uid : root.Id;
    }

    /// <summary>A fresh database (SQLite in memory) or schema (PostgreSQL) for one clone.</summary>
    private sealed class DatabaseScope : IAsyncDisposable
    {
        private static readonly Lazy<Task<string>> PostgresDatabase = new(() => PostgresServer.CreateDatabaseAsync("schemas"));

        private readonly SqliteConnection? _sqlite;
        private readonly string? _postgres;
        private readonly string? _schema;

        private DatabaseScope(SqliteConnection? sqlite, string? postgres, string? schema)
        {
            _sqlite = sqlite;
            _postgres = postgres;
            _schema = schema;
        }

        public static async Task<DatabaseScope> CreateAsync(bool postgres, string name)
        {
            if (!postgres)
            {
                var connection = new SqliteConnection("Data Source=:memory:");
                await connection.OpenAsync();
                return new DatabaseScope(connection, null, null);
            }

            var database = await PostgresDatabase.Value;
            await using (var connection = new NpgsqlConnection(database))
            {
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {name} CASCADE; CREATE SCHEMA {name}", connection);
                await command.ExecuteNonQueryAsync();
            }

            return new DatabaseScope(null, database, name);
        }

        public SpecContext Context(SchemaSpec spec)
            => new(SpecContext.Options(b =>
            {
                if (_sqlite is not null)
                {
                    b.UseSqlite(_sqlite);
                }
                else
                {
                    b.UseNpgsql(_postgres);
                }
            }), spec, _schema);

        public async ValueTask DisposeAsync()
        {
            if (_sqlite is not null)
            {
                await _sqlite.DisposeAsync();
            }
        }
    }
}

public sealed class SqliteRandomSchemaProperties : RandomSchemaProperties
{
    protected override bool Postgres => false;
}

public sealed class PostgresRandomSchemaProperties : RandomSchemaProperties
{
    protected override bool Postgres => true;
}
