using System.Collections;
using System.Linq.Expressions;
using System.Reflection;
using EFCore.Cloning.Planning;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace EFCore.Cloning.Objects;

/// <summary>
/// Finds every original row the plan copies: the root, then along each edge to a fixpoint. Rows the context already
/// tracks are read from their entries (current values); the rest are queried untracked, so the caller's context gains
/// nothing but the copies. One identity map per operation: a row reached twice is one row.
/// </summary>
internal sealed class GraphLoader
{
    private static readonly MethodInfo QueryMethod = typeof(GraphLoader).GetMethod(nameof(QueryAsync), BindingFlags.NonPublic | BindingFlags.Instance)!;

    private readonly DbContext _context;
    private readonly ClonePlan _plan;
    private readonly bool _synchronous;
    private readonly CancellationToken _cancellationToken;
    private readonly Dictionary<(IEntityType Root, RowKey Key), OriginalRow> _rows = [];
    private readonly Dictionary<PlanNode, List<OriginalRow>> _nodeRows = [];
    private readonly TrackedRows _tracked;
    private readonly LoadedRowReader _reader;
    private bool _ignoreFilters;

    public GraphLoader(DbContext context, ClonePlan plan, bool synchronous, CancellationToken cancellationToken)
    {
        _context = context;
        _plan = plan;
        _synchronous = synchronous;
        _cancellationToken = cancellationToken;
        _tracked = new TrackedRows(context);
        _reader = new LoadedRowReader(context.Model, _tracked);
        foreach (var node in plan.Nodes)
        {
            _nodeRows[node] = [];
        }
    }

    /// <summary>Rows per node, in the order they were found.</summary>
    public IReadOnlyDictionary<PlanNode, List<OriginalRow>> NodeRows => _nodeRows;

    /// <summary>The copied row with this primary key, if the operation copies it.</summary>
    public OriginalRow? Find(IEntityType entityType, RowKey key) => _rows.GetValueOrDefault((entityType.GetRootType(), key));

    /// <summary>Whether a row of <paramref name="entityType"/>'s hierarchy (hidden or not) has the primary key <paramref name="key"/>.</summary>
    public async Task<bool> ExistsAsync(IEntityType entityType, RowKey key)
    {
        var root = entityType.GetRootType();
        if (_tracked.Find(root, key) is not null)
        {
            return true;
        }

        var ignore = _ignoreFilters;
        _ignoreFilters = true;
        try
        {
            return (await LoadAsync(root, root.FindPrimaryKey()!.Properties, [key]).ConfigureAwait(false)).Count > 0;
        }
        finally
        {
            _ignoreFilters = ignore;
        }
    }

    public async Task<OriginalRow> LoadRootAsync(object entity, IEntityType entityType)
    {
        var entry = _context.Entry(entity);
        if (entry.State == EntityState.Added)
        {
            throw new CloneException(
                $"The '{entityType.DisplayName()}' to clone is not saved yet (it is tracked as Added): save it with SaveChanges before cloning it.");
        }

        var key = entityType.FindPrimaryKey()!;
        RowKey rowKey;
        if (entry.State != EntityState.Detached)
        {
            rowKey = new RowKey(key.Properties.Select(p => entry.Property(p.Name).CurrentValue).ToArray());
        }
        else
        {
            if (key.Properties.Any(p => p.IsShadowProperty()))
            {
                throw new CloneException(
                    $"The '{entityType.DisplayName()}' to clone is not tracked and its key is a shadow property, so its row cannot be found: pass an entity tracked by the context.");
            }

            rowKey = new RowKey(key.Properties.Select(p => EfMembers.Get(p, entity)).ToArray());
            if (key.Properties.Any(p => p.ValueGenerated != ValueGenerated.Never && p.GetGetter().HasSentinelValueUsingContainingEntity(entity)))
            {
                throw new CloneException(
                    $"The '{entityType.DisplayName()}' to clone is not saved yet (its key {string.Join(", ", key.Properties.Select(p => p.Name))} has no value): save it with SaveChanges before cloning it.");
            }
        }

        var stored = await LoadAsync(entityType, key.Properties, [rowKey]).ConfigureAwait(false);
        if (stored.Count == 0)
        {
            throw new CloneException(
                $"The '{entityType.DisplayName()}' with key {rowKey} is not in the database (or is hidden by a query filter): save it before cloning it.");
        }

        var row = stored[0];
        if (entry.State == EntityState.Detached && !ReferenceEquals(row.Instance, entity))
        {
            // The caller's instance holds the values they see; the database supplies only what the instance cannot hold (shadow properties).
            foreach (var property in row.EntityType.GetProperties().Where(p => !p.IsShadowProperty()))
            {
                row.Values[property] = EfMembers.Get(property, entity);
            }

            row = new OriginalRow(row.EntityType, entity, row.Values, row.Key);
        }

        Add(_plan.Root, row);
        return row;
    }

    /// <summary>Follows the plan's edges until no edge finds a new row.</summary>
    public async Task LoadGraphAsync()
    {
        var progress = _plan.Edges.ToDictionary(e => e, _ => 0);
        bool found;
        do
        {
            found = false;
            foreach (var edge in _plan.Edges)
            {
                if (edge.To.Entity.IsOwned)
                {
                    // Owned rows come with their owner's instance.
                    continue;
                }

                var fromRows = _nodeRows[edge.From];
                var done = progress[edge];
                if (done == fromRows.Count)
                {
                    continue;
                }

                progress[edge] = fromRows.Count;
                var batch = fromRows.Skip(done);
                found |= await FollowAsync(edge, batch).ConfigureAwait(false);
            }
        }
        while (found);

        JoinRowPruner.Prune(_context, _plan, _nodeRows, _rows);
    }

    private async Task<bool> FollowAsync(PlanEdge edge, IEnumerable<OriginalRow> rows)
    {
        var foreignKey = FindForeignKey(edge);
        var toDependents = edge.Direction == EdgeDirection.ToDependents;
        var sourceType = toDependents ? foreignKey.PrincipalEntityType : foreignKey.DeclaringEntityType;
        var sourceProperties = toDependents ? foreignKey.PrincipalKey.Properties : foreignKey.Properties;
        var keys = rows
            .Where(r => sourceType.IsAssignableFrom(r.EntityType))
            .Select(r => r.ValuesOf(sourceProperties))
            .Where(k => !k.HasNull)
            .Distinct()
            .ToList();
        var targetType = toDependents ? foreignKey.DeclaringEntityType : foreignKey.PrincipalEntityType;
        var targetProperties = toDependents ? foreignKey.Properties : foreignKey.PrincipalKey.Properties;
        if (!toDependents && foreignKey.PrincipalKey.IsPrimaryKey())
        {
            keys.RemoveAll(k => _rows.ContainsKey((targetType.GetRootType(), k)));
        }

        if (keys.Count == 0)
        {
            return false;
        }

        var found = false;
        var filter = edge.Filter is null ? null : Internal.FilterExpressions.ForEdge(_context, edge, _plan.IgnoreQueryFilters);
        foreach (var row in await LoadAsync(targetType, targetProperties, keys, filter).ConfigureAwait(false))
        {
            found |= Add(edge.To, row);
        }

        return found;
    }

    private bool Add(PlanNode node, OriginalRow row)
    {
        if (!_rows.TryAdd((row.EntityType.GetRootType(), row.Key), row))
        {
            return false;
        }

        _nodeRows[node].Add(row);
        return true;
    }

    private IForeignKey FindForeignKey(PlanEdge edge)
    {
        var relationship = edge.Relationship;
        var dependent = _context.Model.FindEntityType(relationship.Dependent.Name)!;
        var properties = relationship.ForeignKey.Select(p => dependent.FindProperty(p.Name)!).ToList();
        return dependent.FindForeignKeys(properties).First(fk => fk.PrincipalEntityType.Name == relationship.Principal.Name);
    }

    /// <summary>Rows of <paramref name="entityType"/> (and its derived types) whose <paramref name="properties"/> are among <paramref name="keys"/>.</summary>
    private async Task<List<OriginalRow>> LoadAsync(IEntityType entityType, IReadOnlyList<IProperty> properties, List<RowKey> keys, LambdaExpression? filter = null)
    {
        _cancellationToken.ThrowIfCancellationRequested();

        // Shadow properties are not on instances, so each query projects them beside the entity. Derived types that
        // declare shadow properties of their own get a query of their own.
        var separate = entityType.GetDerivedTypes().Where(d => d.GetDeclaredProperties().Any(p => p.IsShadowProperty())).ToList();
        var result = new List<OriginalRow>();
        foreach (var type in separate.Prepend(entityType))
        {
            var excluded = type == entityType ? separate : [];
            var task = (Task<List<object?[]>>)QueryMethod.MakeGenericMethod(type.ClrType).Invoke(this, [type, properties, keys, excluded, filter])!;
            var shadows = LoadedRowReader.ShadowProperties(type);
            var owned = OwnedShadowReader.Of(type);
            foreach (var values in await task.ConfigureAwait(false))
            {
                var row = _reader.Read(type, values[0]!, shadows, values);
                for (var i = 0; i < owned.Count; i++)
                {
                    row.OwnedShadows.TryAdd((owned[i].Owned, owned[i].Property), values[1 + shadows.Count + i]);
                }

                result.Add(row);
            }
        }

        return result;
    }

    private async Task<List<object?[]>> QueryAsync<TEntity>(IEntityType entityType, IReadOnlyList<IProperty> properties, List<RowKey> keys, List<IEntityType> excluded, LambdaExpression? included)
        where TEntity : class
    {
        IQueryable<TEntity> query = entityType.HasSharedClrType ? _context.Set<TEntity>(entityType.Name) : _context.Set<TEntity>();
        var parameter = Expression.Parameter(typeof(TEntity), "e");
        var filter = KeyFilters.Rows(parameter, properties, keys, included, excluded);
        var shadows = LoadedRowReader.ShadowProperties(entityType);
        if (_plan.IgnoreQueryFilters || _ignoreFilters)
        {
            query = query.IgnoreQueryFilters();
        }

        var owned = OwnedShadowReader.Of(entityType);
        var projection = Expression.NewArrayInit(
            typeof(object),
            shadows.Select(p => (Expression)Expression.Convert(KeyFilters.Access(parameter, p), typeof(object)))
                .Concat(owned.Select(o => (Expression)Expression.Convert(o.Access(parameter), typeof(object))))
                .Prepend(parameter));
        var projected = query
            .AsNoTracking()
            .Where(Expression.Lambda<Func<TEntity, bool>>(filter, parameter))
            .Select(Expression.Lambda<Func<TEntity, object?[]>>(projection, parameter));
        return _synchronous ? projected.ToList() : await projected.ToListAsync(_cancellationToken).ConfigureAwait(false);
    }
}
