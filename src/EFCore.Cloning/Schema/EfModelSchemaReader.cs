using EFCore.Cloning.Internal;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

namespace EFCore.Cloning.Schema;

/// <summary>Describes an EF model as a <see cref="GraphSchema"/>: entity types, foreign keys, skip navigations and their tables.</summary>
internal static class EfModelSchemaReader
{
    private const string CacheAnnotation = "EFCore.Cloning:GraphSchema";

    /// <summary>The schema of <paramref name="model"/>, built once and kept on the model.</summary>
    public static GraphSchema Read(IModel model)
        => model.GetOrAddRuntimeAnnotationValue(CacheAnnotation, static m => Build(m!, null), model);

    /// <summary>
    /// The schema of the context's model, built once and kept on the model. Collations are design-time metadata, read
    /// from the context's design-time model where it has one (a compiled model has none: columns are then taken as
    /// case-sensitive unless their store type says otherwise).
    /// </summary>
    public static GraphSchema Read(DbContext context)
        => context.Model.GetOrAddRuntimeAnnotationValue(CacheAnnotation, static c => Build(c!.Model, DesignTimeModel(c)), context);

    private static IModel? DesignTimeModel(DbContext context)
    {
        try
        {
            return context.GetService<IDesignTimeModel>().Model;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static GraphSchema Build(IModel model, IModel? designTime)
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
                EntityHooks = (entityType.FindAnnotation(CloneAnnotationNames.Hooks)?.Value as CloneHooks)?.EntityHookNames().ToList() ?? [],
                HasCommitHooks = entityType.FindAnnotation(CloneAnnotationNames.Hooks)?.Value is CloneHooks { Committed.Count: > 0 },
                IsAbstract = entityType.IsAbstract(),
                IsOwned = entityType.IsOwned(),
                Inheritance = EfModelMappings.InheritanceOf(entityType),
                HasQueryFilter = entityType.BaseType is null && entityType.GetDeclaredQueryFilters().Count > 0,
                IsJson = entityType.IsOwned() && entityType.IsMappedToJson(),
                ConfiguredOnly = entityType.FindAnnotation(CloneAnnotationNames.Only)?.Value as string[],
                ConfiguredOrigin = entityType.FindAnnotation(CloneAnnotationNames.Origin)?.Value as string[],
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
                    Generation = EfValueGeneration.Of(property),
                    HasStoreDefault = EfValueGeneration.HasStoreDefault(property),
                    ToProvider = EfValueGeneration.ToProvider(property),
                    IsCaseInsensitive = StoreDefaults.IsCaseInsensitive(
                        designTime?.FindEntityType(entityType.Name)?.FindProperty(property.Name)?.GetCollation(),
                        property.GetTableColumnMappings().FirstOrDefault()?.Column.StoreType),
                    DefaultValueSql = property.GetDefaultValueSql(),
                    ResetOnClone = property.FindAnnotation(CloneAnnotationNames.ResetOnClone)?.Value is true,
                    ConfiguredValue = property.FindAnnotation(CloneAnnotationNames.Value)?.Value as ValueRule,
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
            entity.PrimaryKey = new GraphKey(keyProperties, generation) { Sequence = EfValueGeneration.SequenceOf(key.Properties[0], generation) };
            entity.NotCopyableInSetModeReason = EfModelMappings.NotCopyableReason(entityType);
            if (entityType.FindDiscriminatorProperty() is { } discriminator && properties.TryGetValue(discriminator, out var discriminatorProperty))
            {
                entity.Discriminator = (discriminatorProperty, entityType.GetDiscriminatorValue());
            }

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
            tables[table] = EfModelMappings.ToGraphTable(table);
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

                entity.Tables.Add(new GraphEntityTable(table, EfModelMappings.RoleOf(entityType, mapping), columns));
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
                    ConfiguredFilter = foreignKey.PrincipalToDependent?.FindAnnotation(CloneAnnotationNames.Filter)?.Value as System.Linq.Expressions.LambdaExpression,
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
                    ConfiguredFilter = skip.FindAnnotation(CloneAnnotationNames.Filter)?.Value as System.Linq.Expressions.LambdaExpression,
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

    private static string DescribeForeignKey(IForeignKey foreignKey)
        => $"{foreignKey.DeclaringEntityType.DisplayName()}({string.Join(", ", foreignKey.Properties.Select(p => p.Name))}) -> {foreignKey.PrincipalEntityType.DisplayName()}";
}
