using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace EFCore.Cloning.Objects;

/// <summary>
/// After a save, fills the copies' many-to-many navigations (<c>copy.Tags</c>) with the rows they were linked to: the
/// shared targets are read with a tracking query, as an <c>Include</c> would, and EF's fix-up connects them through the
/// saved join rows. Targets the context already tracks are used as they are.
/// </summary>
internal static class LinkTargets
{
    private static readonly MethodInfo LoadMethod = typeof(LinkTargets).GetMethod(nameof(LoadSetAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <returns>The entries the load started tracking (the operation detaches them again if it fails).</returns>
    public static async Task<List<EntityEntry>> LoadAsync(DbContext context, IReadOnlyList<(IEntityType EntityType, object Original, object Copy, EntityEntry? Entry)> copies, CancellationToken cancellationToken)
    {
        var wanted = new Dictionary<IEntityType, HashSet<RowKey>>();
        foreach (var skip in copies.Select(c => c.EntityType).Distinct().SelectMany(t => t.GetSkipNavigations()).Where(s => s.Inverse is not null))
        {
            var toTarget = skip.Inverse!.ForeignKey;
            foreach (var (_, _, _, entry) in copies.Where(c => c.EntityType == skip.JoinEntityType && c.Entry is not null))
            {
                var key = new RowKey(toTarget.Properties.Select(p => entry!.Property(p.Name).CurrentValue).ToArray());
                if (!key.HasNull && toTarget.PrincipalKey.IsPrimaryKey())
                {
                    var target = skip.TargetEntityType.GetRootType();
                    if (!wanted.TryGetValue(target, out var keys))
                    {
                        wanted[target] = keys = [];
                    }

                    keys.Add(key);
                }
            }
        }

        if (wanted.Count == 0)
        {
            return [];
        }

        // The entries the queries start tracking, as EF reports them: listing every entry before and after would run change
        // detection over all the copies twice.
        var loaded = new List<EntityEntry>();
        void OnTracked(object? sender, EntityTrackedEventArgs args)
        {
            if (args.FromQuery)
            {
                loaded.Add(args.Entry);
            }
        }

        context.ChangeTracker.Tracked += OnTracked;
        try
        {
            foreach (var (target, keys) in wanted)
            {
                var task = (Task)LoadMethod.MakeGenericMethod(target.ClrType).Invoke(null, [context, target, keys.ToList(), cancellationToken])!;
                await task.ConfigureAwait(false);
            }
        }
        finally
        {
            context.ChangeTracker.Tracked -= OnTracked;
        }

        return loaded;
    }

    private static async Task LoadSetAsync<TEntity>(DbContext context, IEntityType entityType, List<RowKey> keys, CancellationToken cancellationToken)
        where TEntity : class
    {
        IQueryable<TEntity> set = entityType.HasSharedClrType ? context.Set<TEntity>(entityType.Name) : context.Set<TEntity>();
        var parameter = Expression.Parameter(typeof(TEntity), "e");
        var filter = KeyFilters.Matching(parameter, entityType.FindPrimaryKey()!.Properties, keys);
        await set.IgnoreQueryFilters().Where(Expression.Lambda<Func<TEntity, bool>>(filter, parameter)).LoadAsync(cancellationToken).ConfigureAwait(false);
    }
}
