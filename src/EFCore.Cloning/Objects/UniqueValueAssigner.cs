using System.Globalization;
using System.Linq.Expressions;
using EFCore.Cloning.Planning;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace EFCore.Cloning.Objects;

/// <summary>
/// Finds, for a string under a unique index, the first of the value, <c>value (copy)</c>, <c>value (copy 2)</c>, ... that
/// neither the table nor an earlier copy of this operation holds within the same values of the index's other columns,
/// within the column's maximum length.
/// </summary>
internal sealed class UniqueValueAssigner
{
    private readonly DbContext _context;
    private readonly bool _synchronous;
    private readonly CancellationToken _cancellationToken;
    private readonly Dictionary<string, HashSet<string>> _taken = new(StringComparer.Ordinal);
    private readonly HashSet<(string Lock, string Prefix)> _queried = [];

    private readonly Func<object, bool> _isCopy;

    /// <param name="context">The context whose database and tracked entries hold the values taken.</param>
    /// <param name="synchronous">Whether to query synchronously.</param>
    /// <param name="cancellationToken">Cancels the queries.</param>
    /// <param name="isCopy">Whether a tracked entity is a copy of this operation (its values are not taken yet: they are being decided).</param>
    public UniqueValueAssigner(DbContext context, bool synchronous, CancellationToken cancellationToken, Func<object, bool> isCopy)
    {
        _context = context;
        _synchronous = synchronous;
        _cancellationToken = cancellationToken;
        _isCopy = isCopy;
    }

    public async Task<string?> NextAsync(PlanUnique unique, IProperty property, IReadOnlyList<IProperty> scope, object?[] scopeValues, string? original, bool freshScope = false)
    {
        if (original is null)
        {
            return null;
        }

        // A case-insensitive column (NOCASE, citext) takes 'APOLLO (copy)' as 'Apollo (copy)'.
        string Fold(string text) => unique.Property.IsCaseInsensitive ? text.ToUpperInvariant() : text;
        if (!_taken.TryGetValue(unique.LockName, out var taken))
        {
            _taken[unique.LockName] = taken = new HashSet<string>(StringComparer.Ordinal);

            // Entities the context holds but has not saved (earlier CloneAsync calls, the caller's own) count as taken.
            foreach (var entry in _context.ChangeTracker.Entries())
            {
                if (entry.State != EntityState.Deleted && !_isCopy(entry.Entity) && property.DeclaringType.ContainingEntityType.IsAssignableFrom(entry.Metadata)
                    && entry.Property(property.Name).CurrentValue is string held)
                {
                    taken.Add(ScopeKey(scope.Select(p => entry.Property(p.Name).CurrentValue)) + "\u001e" + Fold(held));
                }
            }
        }

        var maxLength = property.GetMaxLength();
        var prefix = unique.Suffix.CommonPrefix(original, maxLength);
        if (!freshScope && _queried.Add((unique.LockName, prefix)))
        {
            foreach (var row in await ExistingAsync(property, scope, prefix).ConfigureAwait(false))
            {
                taken.Add(ScopeKey(row[..^1]) + "\u001e" + Fold((string)row[^1]!));
            }
        }

        var key = ScopeKey(scopeValues);
        return unique.Suffix.FirstFree(original, maxLength, candidate => taken.Add(key + "\u001e" + Fold(candidate)));
    }

    /// <summary>The scope as text; nulls compare equal, so that a copy beside its original under no parent is still suffixed.</summary>
    private static string ScopeKey(IEnumerable<object?> values)
        => string.Join("\u001f", values.Select(v => v is null ? "\0" : Convert.ToString(v, CultureInfo.InvariantCulture)));

    private async Task<List<object?[]>> ExistingAsync(IProperty property, IReadOnlyList<IProperty> scope, string prefix)
    {
        // The index's table holds every type of the hierarchy (TPC: its tables are queried together), so the root's set is queried.
        var entityType = property.DeclaringType.ContainingEntityType.GetRootType();
        var method = typeof(UniqueValueAssigner).GetMethod(nameof(QueryAsync), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
            .MakeGenericMethod(entityType.ClrType);
        return await ((Task<List<object?[]>>)method.Invoke(this, [entityType, property, scope, prefix])!).ConfigureAwait(false);
    }

    private async Task<List<object?[]>> QueryAsync<TEntity>(IEntityType entityType, IProperty property, IReadOnlyList<IProperty> scope, string prefix)
        where TEntity : class
    {
        IQueryable<TEntity> set = entityType.HasSharedClrType ? _context.Set<TEntity>(entityType.Name) : _context.Set<TEntity>();
        var parameter = Expression.Parameter(typeof(TEntity), "e");
        var access = Access(parameter, property);
        var holder = new PrefixHolder(prefix);
        var startsWith = Expression.Call(access, typeof(string).GetMethod(nameof(string.StartsWith), [typeof(string)])!, Expression.Property(Expression.Constant(holder), nameof(PrefixHolder.Value)));
        var columns = scope.Append(property).Select(p => (Expression)Expression.Convert(Access(parameter, p), typeof(object)));
        var query = set.IgnoreQueryFilters().AsNoTracking()
            .Where(Expression.Lambda<Func<TEntity, bool>>(startsWith, parameter))
            .Select(Expression.Lambda<Func<TEntity, object?[]>>(Expression.NewArrayInit(typeof(object), columns), parameter));
        return _synchronous ? query.ToList() : await query.ToListAsync(_cancellationToken).ConfigureAwait(false);
    }

    private static Expression Access(ParameterExpression parameter, IProperty property)
        => Expression.Call(typeof(EF), nameof(EF.Property), [property.ClrType], parameter, Expression.Constant(property.Name));

    private sealed class PrefixHolder(string value)
    {
        public string Value { get; } = value;
    }
}
