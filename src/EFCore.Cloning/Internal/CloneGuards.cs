using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace EFCore.Cloning.Internal;

/// <summary>The model's <c>HasCloneGuard</c> conditions, checked on the roots before anything is written, in both engines.</summary>
internal static class CloneGuards
{
    /// <summary>Object mode: the root's own type and its base types' guards, run on the original as the caller holds it.</summary>
    public static void Check(IEntityType entityType, object original, IReadOnlyList<object?> key)
    {
        for (var type = entityType; type is not null; type = type.BaseType)
        {
            foreach (var guard in CommitHooks.Of(type)?.Guards ?? [])
            {
                if (!guard.Compiled(original))
                {
                    throw new CloneRefusedException(guard.Reason, entityType.DisplayName(), key, original);
                }
            }
        }
    }

    /// <summary>
    /// Set mode: for each guard of the roots' type, its bases and its derived types, EF's query of the first root that
    /// fails it (a derived type's guard tests only roots of that type); none found, the clone may go on.
    /// </summary>
    public static async Task CheckAsync<TEntity>(IQueryable<TEntity> roots, IEntityType entityType, CancellationToken cancellationToken)
        where TEntity : class
    {
        var types = entityType.GetAllBaseTypesInclusive().Concat(entityType.GetDerivedTypes());
        foreach (var type in types)
        {
            foreach (var guard in CommitHooks.Of(type)?.Guards ?? [])
            {
                var parameter = Expression.Parameter(typeof(TEntity), "e");
                var target = guard.Predicate.Parameters[0].Type;
                Expression fails = Expression.Not(NavigationPath.ApplyTo(guard.Predicate, parameter));
                if (!target.IsAssignableFrom(typeof(TEntity)))
                {
                    fails = Expression.AndAlso(Expression.TypeIs(parameter, target), fails);
                }

                var failing = await roots.AsNoTracking().Where(Expression.Lambda<Func<TEntity, bool>>(fails, parameter)).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
                if (failing is not null)
                {
                    var key = entityType.FindPrimaryKey()!.Properties.Select(p => p.GetGetter().GetClrValue(failing)).ToList();
                    throw new CloneRefusedException(guard.Reason, type.DisplayName(), key, null);
                }
            }
        }
    }
}
