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

    /// <summary>The one table an entity type's rows go to, or null where a copy spans tables or shares its row.</summary>
    public static ITableMapping? Mapping(IEntityType entityType)
    {
        // Owned types (table splitting, JSON columns), complex types, TPT and TPC (several tables, keys across tables),
        // entity splitting and table sharing stay with SaveChanges.
        if (entityType.IsOwned()
            || entityType.GetNavigations().Any(n => n.ForeignKey.IsOwnership && n.ForeignKey.PrincipalEntityType.IsAssignableFrom(entityType))
            || entityType.GetComplexProperties().Any()
            || entityType.GetRootType().GetMappingStrategy() is RelationalAnnotationNames.TptMappingStrategy or RelationalAnnotationNames.TpcMappingStrategy)
        {
            return null;
        }

        var mappings = entityType.GetTableMappings().ToList();
        if (mappings.Count != 1
            || mappings[0].Table.EntityTypeMappings.Any(m => m.TypeBase is not IEntityType other || other.GetRootType() != entityType.GetRootType()))
        {
            return null;
        }

        return mappings[0];
    }
}
