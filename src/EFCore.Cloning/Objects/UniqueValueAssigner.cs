using System.Linq.Expressions;
using EFCore.Cloning.Planning;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace EFCore.Cloning.Objects;

/// <summary>
/// Finds, for a string under a unique index, the first suffixed variant (<c>Apollo (copy)</c>, <c>Apollo (copy 2)</c>, ...)
/// that neither the table nor an earlier copy of this operation already holds, within the column's maximum length.
/// </summary>
internal sealed class UniqueValueAssigner
{
    private readonly DbContext _context;
    private readonly bool _synchronous;
    private readonly CancellationToken _cancellationToken;
    private readonly Dictionary<(string Table, string Column), HashSet<string>> _taken = [];
    private readonly Dictionary<(string Table, string Column), HashSet<string>> _queriedPrefixes = [];

    public UniqueValueAssigner(DbContext context, bool synchronous, CancellationToken cancellationToken)
    {
        _context = context;
        _synchronous = synchronous;
        _cancellationToken = cancellationToken;
    }

    public async Task<string?> NextAsync(IProperty property, PlanUnique unique, string? original)
    {
        if (original is null)
        {
            return null;
        }

        var table = property.DeclaringType.ContainingEntityType.GetTableName() ?? property.DeclaringType.Name;
        var column = property.GetColumnName();
        var slot = (table, column);
        if (!_taken.TryGetValue(slot, out var taken))
        {
            _taken[slot] = taken = new HashSet<string>(StringComparer.Ordinal);
            _queriedPrefixes[slot] = [];
        }

        var maxLength = property.GetMaxLength();
        var prefix = unique.Suffix.CommonPrefix(original, maxLength);
        if (_queriedPrefixes[slot].Add(prefix))
        {
            foreach (var value in await ExistingAsync(property, prefix).ConfigureAwait(false))
            {
                taken.Add(value);
            }
        }

        return unique.Suffix.Next(original, maxLength, taken);
    }

    private async Task<List<string>> ExistingAsync(IProperty property, string prefix)
    {
        // The index's table holds every type of the hierarchy, so the root's set is queried.
        var entityType = property.DeclaringType.ContainingEntityType.GetRootType();
        var method = typeof(UniqueValueAssigner).GetMethod(nameof(QueryAsync), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
            .MakeGenericMethod(entityType.ClrType);
        return await ((Task<List<string>>)method.Invoke(this, [entityType, property, prefix])!).ConfigureAwait(false);
    }

    private async Task<List<string>> QueryAsync<TEntity>(IEntityType entityType, IProperty property, string prefix)
        where TEntity : class
    {
        IQueryable<TEntity> set = entityType.HasSharedClrType ? _context.Set<TEntity>(entityType.Name) : _context.Set<TEntity>();
        var parameter = Expression.Parameter(typeof(TEntity), "e");
        var access = Expression.Call(typeof(EF), nameof(EF.Property), [typeof(string)], parameter, Expression.Constant(property.Name));
        var holder = new PrefixHolder(prefix);
        var startsWith = Expression.Call(access, typeof(string).GetMethod(nameof(string.StartsWith), [typeof(string)])!, Expression.Property(Expression.Constant(holder), nameof(PrefixHolder.Value)));
        var query = set.IgnoreQueryFilters().AsNoTracking()
            .Where(Expression.Lambda<Func<TEntity, bool>>(startsWith, parameter))
            .Select(Expression.Lambda<Func<TEntity, string>>(access, parameter));
        return _synchronous ? query.ToList() : await query.ToListAsync(_cancellationToken).ConfigureAwait(false);
    }

    private sealed class PrefixHolder(string value)
    {
        public string Value { get; } = value;
    }
}
