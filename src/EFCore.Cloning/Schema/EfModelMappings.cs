using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace EFCore.Cloning.Schema;

/// <summary>Where an EF entity type's rows are stored: inheritance strategy, table roles, and the tables themselves.</summary>
internal static class EfModelMappings
{
    public static InheritanceStrategy InheritanceOf(IEntityType entityType)
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

    public static TableRole RoleOf(IEntityType entityType, ITableMapping mapping)
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

    public static string? NotCopyableReason(IEntityType entityType)
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

    public static GraphTable ToGraphTable(ITable table)
    {
        var columns = table.Columns.Select(column =>
        {
            // A JSON container column maps no property of its own: it is copied as one value.
            var property = column.PropertyMappings.FirstOrDefault()?.Property;
            var generations = column.PropertyMappings.Select(m => EfValueGeneration.Of(m.Property)).Distinct().ToList();
            return new GraphColumn(column.Name, column.StoreType)
            {
                IsNullable = column.IsNullable,
                MaxLength = property?.GetMaxLength(),
                Generation = generations.Count == 1 ? generations[0] : generations.FirstOrDefault(g => g != ValueGeneration.None),
                DefaultValueSql = column.DefaultValueSql,
                HasDefault = column.DefaultValueSql is not null || column.DefaultValue is not null,
            };
        }).ToList();
        return new GraphTable(table.Schema, table.Name, columns, table.PrimaryKey?.Columns.Select(c => c.Name).ToList() ?? []);
    }
}
