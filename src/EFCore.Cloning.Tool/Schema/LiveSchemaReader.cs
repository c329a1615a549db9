using System.Reflection;
using EFCore.Cloning.Schema;
using EFCore.Cloning.Tool.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Scaffolding;
using Microsoft.EntityFrameworkCore.Scaffolding.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace EFCore.Cloning.Tool.Schema;

/// <summary>
/// Reads a live database's schema with the provider's own design-time database model factory (the reader behind
/// <c>dotnet ef dbcontext scaffold</c>) and describes it as the library's <see cref="GraphSchema"/>: one entity per table.
/// </summary>
internal static class LiveSchemaReader
{
    private const string NpgsqlStrategy = "Npgsql:ValueGenerationStrategy";

    /// <param name="database">The database.</param>
    /// <param name="foreignKeys">Virtual foreign keys (<c>--fk</c>) added to the schema as read.</param>
    /// <returns>The schema, and the tables left out of it for having no primary key, with the tables they point at.</returns>
    public static (GraphSchema Schema, IReadOnlyList<UnkeyedTable> Unkeyed) Read(DatabaseProvider database, IReadOnlyList<string> foreignKeys)
    {
        var model = ReadDatabaseModel(database);
        VirtualForeignKeys.Add(model, foreignKeys);
        var unkeyed = model.Tables.Where(t => t is not DatabaseView && t.PrimaryKey is null)
            .Select(t => new UnkeyedTable(t.Name, t.ForeignKeys.Select(f => f.PrincipalTable.Name).Distinct().ToList()))
            .ToList();
        return (Describe(model, database.Kind), unkeyed);
    }

    private static DatabaseModel ReadDatabaseModel(DatabaseProvider database)
    {
        if (database.Kind == DatabaseProvider.Postgres)
        {
            try
            {
                return PostgresCatalogReader.Read(database.ConnectionString);
            }
            catch (Exception exception) when (exception is System.Data.Common.DbException or System.Net.Sockets.SocketException or TimeoutException or InvalidOperationException)
            {
                throw new ToolException($"Cannot read the schema of the {database.Kind} database: {exception.Message}");
            }
        }

        var services = new ServiceCollection();
        services.AddEntityFrameworkDesignTimeServices();

        // The provider names its design-time services class in an assembly attribute, as EF's own tools find it.
        var providerAssembly = database.Kind == DatabaseProvider.Sqlite
            ? typeof(SqliteDbContextOptionsBuilderExtensions).Assembly
            : typeof(NpgsqlDbContextOptionsBuilderExtensions).Assembly;
        var attribute = providerAssembly.GetCustomAttribute<DesignTimeProviderServicesAttribute>()!;
        var designTimeServices = (IDesignTimeServices)Activator.CreateInstance(providerAssembly.GetType(attribute.TypeName, throwOnError: true)!)!;
        designTimeServices.ConfigureDesignTimeServices(services);

        using var provider = services.BuildServiceProvider();
        try
        {
            return provider.GetRequiredService<IDatabaseModelFactory>().Create(database.ConnectionString, new DatabaseModelFactoryOptions());
        }
        catch (Exception exception) when (exception is System.Data.Common.DbException or System.Net.Sockets.SocketException or TimeoutException or InvalidOperationException)
        {
            throw new ToolException($"Cannot read the schema of the {database.Kind} database: {exception.Message}");
        }
    }

    internal static GraphSchema Describe(DatabaseModel model, string kind)
    {
        var tables = model.Tables.Where(t => t is not DatabaseView && t.PrimaryKey is not null).ToList();
        var entities = new Dictionary<DatabaseTable, GraphEntity>();
        var graphTables = new List<GraphTable>();
        var properties = new Dictionary<DatabaseColumn, GraphProperty>();

        foreach (var table in tables)
        {
            var entity = new GraphEntity(Qualified(table), table.Name);
            var keyColumns = table.PrimaryKey!.Columns;
            var columns = new List<GraphColumn>();
            var map = new Dictionary<GraphProperty, string>();
            foreach (var column in table.Columns)
            {
                var isKey = keyColumns.Contains(column);
                var generation = GenerationOf(column, isKey && keyColumns.Count == 1, kind);
                var property = new GraphProperty(entity, column.Name)
                {
                    ClrType = StoreTypes.ClrType(column[PostgresCatalogReader.ValueType] as string ?? column.StoreType ?? "text"),
                    IsNullable = column.IsNullable,
                    MaxLength = StoreTypes.MaxLength(column.StoreType ?? string.Empty),
                    IsKey = isKey,
                    Generation = generation,
                    DefaultValueSql = column.DefaultValueSql,
                    HasStoreDefault = column.DefaultValueSql is not null,
                    IsCaseInsensitive = StoreDefaults.IsCaseInsensitive(column.Collation, column.StoreType),
                };
                entity.DeclaredProperties.Add(property);
                properties[column] = property;
                map[property] = column.Name;
                columns.Add(new GraphColumn(column.Name, column.StoreType ?? "text")
                {
                    IsNullable = column.IsNullable,
                    MaxLength = property.MaxLength,
                    Generation = generation,
                    DefaultValueSql = column.DefaultValueSql,
                    HasDefault = column.DefaultValueSql is not null,
                });
            }

            var keyProperties = keyColumns.Select(c => properties[c]).ToList();
            entity.PrimaryKey = new GraphKey(keyProperties, keyProperties.Count == 1 ? keyProperties[0].Generation : ValueGeneration.None)
            {
                // A nextval default names its sequence, whether or not the sequence is owned by the column.
                Sequence = keyProperties.Count == 1 ? StoreTypes.SequenceOf(keyProperties[0].DefaultValueSql) : null,
            };
            var graphTable = new GraphTable(table.Schema, table.Name, columns, keyColumns.Select(c => c.Name).ToList());
            graphTables.Add(graphTable);
            entity.Tables.Add(new GraphEntityTable(graphTable, TableRole.Main, map));
            entities[table] = entity;
        }

        foreach (var table in tables)
        {
            var entity = entities[table];
            var uniques = table.UniqueConstraints.Select(u => (u.Name, u.Columns, Filter: (string?)null, CaseInsensitive: false))
                .Concat(table.Indexes.Where(i => i.IsUnique).Select(i => (i.Name, i.Columns, Filter: i.Filter, CaseInsensitive: i[PostgresCatalogReader.CaseInsensitiveAnnotation] is true)));
            foreach (var (name, columns, filter, caseInsensitive) in uniques)
            {
                if (columns.Count == 0 || columns.Any(c => c is null) || columns.SequenceEqual(table.PrimaryKey!.Columns))
                {
                    continue;
                }

                // SQLite's unique constraints have no name of their own: one is made from the columns.
                var indexName = string.IsNullOrEmpty(name) ? $"{table.Name}_{string.Join("_", columns.Select(c => c!.Name))}_key" : name;
                entity.DeclaredUniqueIndexes.Add(new GraphUniqueIndex(indexName, entity, columns.Select(c => properties[c!]).ToList()) { Filter = filter });
                if (caseInsensitive)
                {
                    // A unique index over lower(name): 'APOLLO (COPY)' takes 'Apollo (copy)'.
                    foreach (var column in columns)
                    {
                        properties[column!].IsCaseInsensitive = true;
                    }
                }
            }
        }

        var relationships = new List<GraphRelationship>();
        foreach (var table in tables)
        {
            var dependent = entities[table];
            foreach (var foreignKey in table.ForeignKeys)
            {
                if (!entities.TryGetValue(foreignKey.PrincipalTable, out var principal))
                {
                    continue;
                }

                var ambiguous = table.ForeignKeys.Count(f => f.PrincipalTable == foreignKey.PrincipalTable) > 1;
                var columns = foreignKey.Columns.Select(c => properties[c]).ToList();
                var principalColumns = foreignKey.PrincipalColumns.Select(c => properties[c]).ToList();
                var isUnique = table.PrimaryKey!.Columns.SequenceEqual(foreignKey.Columns)
                    || table.UniqueConstraints.Any(u => u.Columns.SequenceEqual(foreignKey.Columns))
                    || table.Indexes.Any(i => i.IsUnique && i.Columns.SequenceEqual(foreignKey.Columns));
                relationships.Add(new GraphRelationship(foreignKey.Name ?? $"FK_{table.Name}_{foreignKey.PrincipalTable.Name}", principal, principalColumns, dependent, columns)
                {
                    IsRequired = foreignKey.Columns.All(c => !c.IsNullable),
                    IsUnique = isUnique,
                    IsCascadeDelete = foreignKey.OnDelete == ReferentialAction.Cascade,
                    // Tables are named by their table name; a second foreign key to the same table adds its columns.
                    PrincipalToDependent = ambiguous ? $"{table.Name}({string.Join(",", foreignKey.Columns.Select(c => c.Name))})" : table.Name,
                    DependentToPrincipal = string.Join(",", foreignKey.Columns.Select(c => c.Name)),
                });
            }
        }

        var manyToManys = new List<GraphManyToMany>();
        foreach (var table in tables)
        {
            // A pure join table: its key is exactly two foreign keys and it has no other column, so its rows only link
            // two other rows. One with data of its own (a price, a quantity, a date) is a table of its own rows.
            var join = entities[table];
            var halves = relationships.Where(r => r.Dependent == join && r.ForeignKey.All(p => p.IsKey)).ToList();
            if (halves.Count != 2 || halves.Sum(h => h.ForeignKey.Count) != join.PrimaryKey.Properties.Count
                || join.DeclaredProperties.Count != join.PrimaryKey.Properties.Count)
            {
                continue;
            }

            manyToManys.Add(new GraphManyToMany(table.Name, halves[0].Principal, halves[1].Principal, join, halves[0], halves[1]));
            manyToManys.Add(new GraphManyToMany(table.Name, halves[1].Principal, halves[0].Principal, join, halves[1], halves[0]));
            halves[0].JoinOf = manyToManys[^2];
            halves[1].JoinOf = manyToManys[^1];
        }

        return new GraphSchema(entities.Values, relationships, manyToManys, graphTables);
    }

    private static ValueGeneration GenerationOf(DatabaseColumn column, bool isSingleKey, string kind)
    {
        if (column.ComputedColumnSql is not null)
        {
            return ValueGeneration.Computed;
        }

        var strategy = column.FindAnnotation(NpgsqlStrategy)?.Value?.ToString();
        switch (strategy)
        {
            case "IdentityAlwaysColumn":
                return ValueGeneration.IdentityAlways;
            case "IdentityByDefaultColumn":
                return ValueGeneration.IdentityByDefault;
            case "SerialColumn":
                return ValueGeneration.Sequence;
        }

        var defaultSql = column.DefaultValueSql;
        if (defaultSql is not null && defaultSql.Contains("nextval", StringComparison.OrdinalIgnoreCase))
        {
            return ValueGeneration.Sequence;
        }

        var storeType = column.StoreType ?? string.Empty;
        if (isSingleKey)
        {
            if (kind == DatabaseProvider.Sqlite && storeType.Equals("INTEGER", StringComparison.OrdinalIgnoreCase))
            {
                // An INTEGER PRIMARY KEY is SQLite's rowid: it is made when no value is given.
                return ValueGeneration.IdentityByDefault;
            }

            if (defaultSql is not null && StoreTypes.ClrType(storeType) == typeof(Guid))
            {
                return ValueGeneration.Guid;
            }

            return defaultSql is not null ? ValueGeneration.StoreDefault : ValueGeneration.None;
        }

        // Any other column's value is data: copies keep it, whatever its default (now() included), unless the user
        // asks for a fresh one (--reset, --fresh-defaults).
        return ValueGeneration.None;
    }

    private static string Qualified(DatabaseTable table) => table.Schema is null ? table.Name : $"{table.Schema}.{table.Name}";
}

/// <summary>A table with no primary key (nor a numbered column standing for one): its rows cannot be told apart, so it is not copied.</summary>
internal sealed record UnkeyedTable(string Name, IReadOnlyList<string> References);
