using System.Reflection;
using EFCore.Cloning.Sql;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

namespace EFCore.Cloning.Objects;

/// <summary>What <see cref="DirectSave"/> takes on: the contexts and the entity types whose copies it writes exactly as SaveChanges would.</summary>
internal static class DirectSaveScope
{
    /// <summary>
    /// Why the context's configuration rules the direct save out: code that runs inside <c>SaveChanges</c> (an override
    /// of it, <c>SavingChanges</c> handlers, save-changes interceptors) or sees EF's commands (command interceptors)
    /// would not run; a provider other than SQLite and PostgreSQL.
    /// </summary>
    public static string? Refusal(DbContext context)
    {
        if (context.Database.ProviderName is not (SqlDialects.Sqlite or SqlDialects.Npgsql))
        {
            return "provider";
        }

        var type = context.GetType();
        if (type.GetMethod(nameof(DbContext.SaveChanges), [typeof(bool)])?.DeclaringType != typeof(DbContext)
            || type.GetMethod(nameof(DbContext.SaveChanges), Type.EmptyTypes)?.DeclaringType != typeof(DbContext)
            || type.GetMethod(nameof(DbContext.SaveChangesAsync), [typeof(bool), typeof(CancellationToken)])?.DeclaringType != typeof(DbContext)
            || type.GetMethod(nameof(DbContext.SaveChangesAsync), [typeof(CancellationToken)])?.DeclaringType != typeof(DbContext))
        {
            return "SaveChanges override";
        }

        foreach (var name in new[] { nameof(DbContext.SavingChanges), nameof(DbContext.SavedChanges), nameof(DbContext.SaveChangesFailed) })
        {
            // Field-like events keep their handlers in a field of the same name; not finding it counts as handlers.
            var field = typeof(DbContext).GetField(name, BindingFlags.Instance | BindingFlags.NonPublic);
            if (field is null || field.GetValue(context) is not null)
            {
                return "save events";
            }
        }

        var interceptors = context.GetService<IInterceptors>();
        return interceptors.Aggregate<ISaveChangesInterceptor>() is not null || interceptors.Aggregate<IDbCommandInterceptor>() is not null
            ? "interceptors"
            : null;
    }

    /// <summary>
    /// The tables an entity type's rows go to, the hierarchy's root table first (one table, or a TPT type's tables from
    /// the root's down to its own); null where a copy's row holds more than its own columns or shares its table.
    /// </summary>
    public static IReadOnlyList<ITableMapping>? Mappings(IEntityType entityType)
    {
        // Owned types other than JSON references (table splitting, owned collections), complex types, TPC (keys across
        // tables), entity splitting and table sharing stay with SaveChanges.
        if (entityType.IsOwned()
            || !JsonOwnedDocument.OwnsOnlyWritableJson(entityType)
            || entityType.GetComplexProperties().Any()
            || entityType.GetRootType().GetMappingStrategy() == RelationalAnnotationNames.TpcMappingStrategy)
        {
            return null;
        }

        var root = entityType.GetRootType();
        var tpt = root.GetMappingStrategy() == RelationalAnnotationNames.TptMappingStrategy;
        var hierarchy = new List<IEntityType>();
        for (var type = entityType; type is not null; type = type.BaseType)
        {
            hierarchy.Insert(0, type);
        }

        var mappings = new List<(int Level, ITableMapping Mapping)>();
        foreach (var mapping in entityType.GetTableMappings())
        {
            // The type (this one or a base) whose own table this is: TPT gives each type of the hierarchy one.
            var level = hierarchy.FindIndex(t => t.GetTableName() == mapping.Table.Name && t.GetSchema() == mapping.Table.Schema);
            if (level < 0
                || mapping.Table.EntityTypeMappings.Any(m => m.TypeBase is not IEntityType other || OwnerRoot(other) != root)
                || mappings.Any(m => m.Level == level))
            {
                return null;
            }

            mappings.Add((level, mapping));
        }

        return mappings.Count == 1 || (tpt && mappings.Count > 1 && mappings.Min(m => m.Level) == 0)
            ? mappings.OrderBy(m => m.Level).Select(m => m.Mapping).ToList()
            : null;
    }

    /// <summary>The hierarchy a row of the table belongs to: a JSON-owned type's rows are its owner's.</summary>
    private static IEntityType OwnerRoot(IEntityType entityType)
    {
        while (entityType.IsOwned() && entityType.IsMappedToJson() && entityType.FindOwnership() is { } ownership)
        {
            entityType = ownership.PrincipalEntityType;
        }

        return entityType.GetRootType();
    }
}
