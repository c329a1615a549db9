using EFCore.Cloning.Internal;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace EFCore.Cloning.Schema;

/// <summary>Describes an EF model as a <see cref="GraphSchema"/>: entity types, foreign keys, skip navigations and their tables.</summary>
internal static class EfModelSchemaReader
{
    private const string CacheAnnotation = "EFCore.Cloning:GraphSchema";

    // Provider annotations are read by name so that the library needs no provider package.
    private const string NpgsqlStrategyAnnotation = "Npgsql:ValueGenerationStrategy";
    private const string NpgsqlHiLoSequenceAnnotation = "Npgsql:HiLoSequenceName";
    private const string NpgsqlHiLoSchemaAnnotation = "Npgsql:HiLoSequenceSchema";

    /// <summary>The schema of <paramref name="model"/>, built once and kept on the model.</summary>
    public static GraphSchema Read(IModel model)
        => model.GetOrAddRuntimeAnnotationValue(CacheAnnotation, static m => Build(m!), model);

    private static GraphSchema Build(IModel model)
    {
        var relationalModel = model.GetRelationalModel();
        var entities = new Dictionary<IEntityType, GraphEntity>();
        var properties = new Dictionary<IProperty, GraphProperty>();

        var entityTypes = model.GetEntityTypes()
            .Where(e => e.FindPrimaryKey() is not null)
            .OrderBy(Depth)
            .ToList();

        foreach (var entityType in entityTypes)
        {
            var entity = new GraphEntity(entityType.Name, entityType.DisplayName())
            {
                ClrType = entityType.ClrType,
                ConfiguredSuffix = entityType.FindAnnotation(CloneAnnotationNames.Suffix)?.Value as CloneSuffix,
                HasCloneHooks = entityType.FindAnnotation(CloneAnnotationNames.Hooks)?.Value is CloneHooks,
                IsAbstract = entityType.IsAbstract(),
                IsOwned = entityType.IsOwned(),
                Inheritance = InheritanceOf(entityType),
            };
            if (entityType.BaseType is { } baseType && entities.TryGetValue(baseType, out var baseEntity))
            {
                entity.Base = baseEntity;
                baseEntity.Derived.Add(entity);
            }

            foreach (var property in entityType.GetDeclaredProperties())
            {
                var graphProperty = new GraphProperty(entity, property.Name)
                {
                    ClrType = property.ClrType,
                    IsNullable = property.IsNullable,
                    MaxLength = property.GetMaxLength(),
                    IsKey = property.IsPrimaryKey(),
                    IsShadow = property.IsShadowProperty(),
                    IsConcurrencyToken = property.IsConcurrencyToken,
                    Generation = GenerationOf(property),
                    DefaultValueSql = property.GetDefaultValueSql(),
                    ResetOnClone = property.FindAnnotation(CloneAnnotationNames.ResetOnClone)?.Value is true,
                    ConfiguredSuffix = property.FindAnnotation(CloneAnnotationNames.Suffix)?.Value as CloneSuffix,
                };
                properties[property] = graphProperty;
                entity.DeclaredProperties.Add(graphProperty);
            }

            entities[entityType] = entity;
        }

        foreach (var (entityType, entity) in entities)
        {
            var key = entityType.FindPrimaryKey()!;
            var keyProperties = key.Properties.Select(p => properties[p]).ToList();
            var generation = keyProperties.Count == 1 ? keyProperties[0].Generation : ValueGeneration.None;
            entity.PrimaryKey = new GraphKey(keyProperties, generation) { Sequence = SequenceOf(key.Properties[0], generation) };
            entity.NotCopyableInSetModeReason = NotCopyableReason(entityType);

            foreach (var index in entityType.GetDeclaredIndexes().Where(i => i.IsUnique))
            {
                entity.DeclaredUniqueIndexes.Add(new GraphUniqueIndex(
                    index.GetDatabaseName() ?? index.Name ?? string.Join("_", index.Properties.Select(p => p.Name)),
                    entity,
                    index.Properties.Select(p => properties[p]).ToList())
                {
                    Filter = index.GetFilter(),
                });
            }

            foreach (var alternateKey in entityType.GetDeclaredKeys().Where(k => !k.IsPrimaryKey()))
            {
                entity.DeclaredUniqueIndexes.Add(new GraphUniqueIndex(
                    alternateKey.GetName() ?? "AK_" + entityType.DisplayName(),
                    entity,
                    alternateKey.Properties.Select(p => properties[p]).ToList()));
            }
        }

        var tables = new Dictionary<ITable, GraphTable>();
        foreach (var table in relationalModel.Tables)
        {
            tables[table] = ToGraphTable(table);
        }

        foreach (var (entityType, entity) in entities)
        {
            foreach (var mapping in entityType.GetTableMappings())
            {
                var table = tables[mapping.Table];
                var columns = new Dictionary<GraphProperty, string>();
                foreach (var columnMapping in mapping.ColumnMappings)
                {
                    if (properties.TryGetValue(columnMapping.Property, out var property))
                    {
                        columns[property] = columnMapping.Column.Name;
                    }
                }

                entity.Tables.Add(new GraphEntityTable(table, RoleOf(entityType, mapping), columns));
            }
        }

        var relationships = new Dictionary<IForeignKey, GraphRelationship>();
        foreach (var (entityType, entity) in entities)
        {
            foreach (var foreignKey in entityType.GetDeclaredForeignKeys())
            {
                if (!entities.TryGetValue(foreignKey.PrincipalEntityType, out var principal))
                {
                    continue;
                }

                relationships[foreignKey] = new GraphRelationship(
                    foreignKey.GetConstraintName() ?? DescribeForeignKey(foreignKey),
                    principal,
                    foreignKey.PrincipalKey.Properties.Select(p => properties[p]).ToList(),
                    entity,
                    foreignKey.Properties.Select(p => properties[p]).ToList())
                {
                    IsRequired = foreignKey.IsRequired,
                    IsUnique = foreignKey.IsUnique,
                    IsOwnership = foreignKey.IsOwnership,
                    IsCascadeDelete = foreignKey.DeleteBehavior is DeleteBehavior.Cascade or DeleteBehavior.ClientCascade,
                    PrincipalToDependent = foreignKey.PrincipalToDependent?.Name,
                    DependentToPrincipal = foreignKey.DependentToPrincipal?.Name,
                    ConfiguredPrincipalToDependent = foreignKey.PrincipalToDependent?.FindAnnotation(CloneAnnotationNames.Strategy)?.Value as CloneStrategy?,
                    ConfiguredDependentToPrincipal = foreignKey.DependentToPrincipal?.FindAnnotation(CloneAnnotationNames.Strategy)?.Value as CloneStrategy?,
                };
            }
        }

        var manyToManys = new List<GraphManyToMany>();
        foreach (var (entityType, entity) in entities)
        {
            foreach (var skip in entityType.GetDeclaredSkipNavigations())
            {
                if (skip.Inverse is null
                    || !relationships.TryGetValue(skip.ForeignKey, out var toEntity)
                    || !relationships.TryGetValue(skip.Inverse.ForeignKey, out var toTarget)
                    || !entities.TryGetValue(skip.TargetEntityType, out var target)
                    || !entities.TryGetValue(skip.JoinEntityType, out var join))
                {
                    continue;
                }

                var link = new GraphManyToMany(skip.Name, entity, target, join, toEntity, toTarget)
                {
                    ConfiguredStrategy = skip.FindAnnotation(CloneAnnotationNames.Strategy)?.Value as CloneStrategy?,
                };
                toEntity.JoinOf ??= link;
                manyToManys.Add(link);
            }
        }

        return new GraphSchema(entities.Values, relationships.Values, manyToManys, tables.Values);
    }

    private static int Depth(IEntityType entityType)
    {
        var depth = 0;
        for (var type = entityType.BaseType; type is not null; type = type.BaseType)
        {
            depth++;
        }

        // Owners before owned types keeps messages and plans in a natural order.
        for (var owner = entityType.FindOwnership()?.PrincipalEntityType; owner is not null; owner = owner.FindOwnership()?.PrincipalEntityType)
        {
            depth += 100;
        }

        return depth;
    }

    private static InheritanceStrategy InheritanceOf(IEntityType entityType)
    {
        var root = entityType.GetRootType();
        if (!root.GetDirectlyDerivedTypes().Any())
        {
            return InheritanceStrategy.None;
        }

        return root.GetMappingStrategy() switch
        {
            RelationalAnnotationNames.TptMappingStrategy => InheritanceStrategy.Tpt,
            RelationalAnnotationNames.TpcMappingStrategy => InheritanceStrategy.Tpc,
            _ => InheritanceStrategy.Tph,
        };
    }

    private static TableRole RoleOf(IEntityType entityType, ITableMapping mapping)
    {
        if (entityType.IsOwned() && (entityType.IsMappedToJson() || mapping.Table.EntityTypeMappings.Any(m => m.TypeBase == entityType.FindOwnership()!.PrincipalEntityType)))
        {
            return TableRole.Embedded;
        }

        return InheritanceOf(entityType) switch
        {
            InheritanceStrategy.Tpc => TableRole.Concrete,
            InheritanceStrategy.Tpt when mapping.Table.EntityTypeMappings.All(m => m.TypeBase != entityType.GetRootType()) => TableRole.Extension,
            _ => TableRole.Main,
        };
    }

    private static string? NotCopyableReason(IEntityType entityType)
    {
        if (entityType.GetTableName() is not null || (entityType.IsOwned() && entityType.IsMappedToJson()))
        {
            return null;
        }

        if (entityType.GetViewName() is { } view)
        {
            return $"it is mapped to the view '{view}'";
        }

        if (entityType.GetSqlQuery() is not null)
        {
            return "it is mapped to a SQL query";
        }

        if (entityType.GetFunctionName() is { } function)
        {
            return $"it is mapped to the function '{function}'";
        }

        return entityType.IsAbstract() ? null : "it is not mapped to a table";
    }

    private static ValueGeneration GenerationOf(IProperty property)
    {
        if (property.GetComputedColumnSql() is not null
            || property.ValueGenerated == ValueGenerated.OnAddOrUpdate
            || property.ValueGenerated == ValueGenerated.OnUpdate)
        {
            return ValueGeneration.Computed;
        }

        if (property.ValueGenerated != ValueGenerated.OnAdd)
        {
            return ValueGeneration.None;
        }

        if (!property.IsPrimaryKey())
        {
            // A default expression (now(), CURRENT_TIMESTAMP) is the analog of Django's auto_now_add: a copy gets a fresh one.
            // A constant default (status 'draft') is data: the copy keeps the original's value.
            return property.GetDefaultValueSql() is not null ? ValueGeneration.StoreDefault : ValueGeneration.None;
        }

        var type = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
        if (type == typeof(Guid))
        {
            return ValueGeneration.Guid;
        }

        var strategy = (property.FindAnnotation(NpgsqlStrategyAnnotation)?.Value
                        ?? (IsIntegral(type) ? property.DeclaringType.Model.FindAnnotation(NpgsqlStrategyAnnotation)?.Value : null))
            ?.ToString();
        switch (strategy)
        {
            case "IdentityAlwaysColumn":
                return ValueGeneration.IdentityAlways;
            case "IdentityByDefaultColumn":
                return ValueGeneration.IdentityByDefault;
            case "SerialColumn":
            case "Sequence":
                return ValueGeneration.Sequence;
            case "SequenceHiLo":
                return ValueGeneration.HiLo;
        }

        if (property.GetDefaultValueSql() is { } defaultSql)
        {
            return defaultSql.Contains("nextval", StringComparison.OrdinalIgnoreCase) ? ValueGeneration.Sequence : ValueGeneration.StoreDefault;
        }

        return IsIntegral(type) ? ValueGeneration.IdentityByDefault : ValueGeneration.None;
    }

    private static GraphSequence? SequenceOf(IProperty keyProperty, ValueGeneration generation)
    {
        if (generation == ValueGeneration.HiLo)
        {
            var name = keyProperty.FindAnnotation(NpgsqlHiLoSequenceAnnotation)?.Value as string
                       ?? keyProperty.DeclaringType.Model.FindAnnotation(NpgsqlHiLoSequenceAnnotation)?.Value as string
                       ?? "EntityFrameworkHiLoSequence";
            var schema = keyProperty.FindAnnotation(NpgsqlHiLoSchemaAnnotation)?.Value as string
                         ?? keyProperty.DeclaringType.Model.FindAnnotation(NpgsqlHiLoSchemaAnnotation)?.Value as string;
            return new GraphSequence(schema, name);
        }

        return null;
    }

    private static bool IsIntegral(Type type)
        => type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte)
           || type == typeof(uint) || type == typeof(ulong) || type == typeof(ushort) || type == typeof(sbyte);

    private static GraphTable ToGraphTable(ITable table)
    {
        var columns = table.Columns.Select(column =>
        {
            // A JSON container column maps no property of its own: it is copied as one value.
            var property = column.PropertyMappings.FirstOrDefault()?.Property;
            var generations = column.PropertyMappings.Select(m => GenerationOf(m.Property)).Distinct().ToList();
            return new GraphColumn(column.Name, column.StoreType)
            {
                IsNullable = column.IsNullable,
                MaxLength = property?.GetMaxLength(),
                Generation = generations.Count == 1 ? generations[0] : generations.FirstOrDefault(g => g != ValueGeneration.None),
                DefaultValueSql = column.DefaultValueSql,
            };
        }).ToList();
        return new GraphTable(table.Schema, table.Name, columns, table.PrimaryKey?.Columns.Select(c => c.Name).ToList() ?? []);
    }

    private static string DescribeForeignKey(IForeignKey foreignKey)
        => $"{foreignKey.DeclaringEntityType.DisplayName()}({string.Join(", ", foreignKey.Properties.Select(p => p.Name))}) -> {foreignKey.PrincipalEntityType.DisplayName()}";
}
