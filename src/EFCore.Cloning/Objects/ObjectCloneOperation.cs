using EFCore.Cloning.Internal;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace EFCore.Cloning.Objects;

/// <summary>One object-mode operation: the originals it copied, their copies, and what is left to do after saving.</summary>
internal sealed class ObjectCloneOperation
{
    private readonly CopyBuilder _builder;

    public ObjectCloneOperation(OriginalRow root, IReadOnlyList<OriginalRow> rows, CopyBuilder builder)
    {
        Root = root;
        Rows = rows;
        _builder = builder;
    }

    public OriginalRow Root { get; }

    /// <summary>Every copied row (owned instances excluded), the root first.</summary>
    public IReadOnlyList<OriginalRow> Rows { get; }

    public object RootCopy => Root.Copy!;

    /// <summary>The values the copies were given, and those EF would leave to the database on the first save.</summary>
    public CopyValues Values => _builder.Values;

    /// <summary>The new keys reserved before the copies were built, if any.</summary>
    public KeyReservation? ReservedKeys => _builder.ReservedKeys;

    /// <summary>The copies (owned instances included) in the order they were built.</summary>
    public IEnumerable<object> CopiesInOrder => _builder.Copies.Select(c => c.Copy);

    public void Untrack()
    {
        _builder.Untrack();
        foreach (var entry in _loaded.Where(e => e.State != Microsoft.EntityFrameworkCore.EntityState.Detached))
        {
            entry.State = Microsoft.EntityFrameworkCore.EntityState.Detached;
        }
    }

    /// <summary>
    /// Saves copies that reference each other in a cycle (A.B_id -> B, B.A_id -> A), which EF cannot order: the optional
    /// references between copies are saved as null first, then pointed at the copies, in the same transaction.
    /// </summary>
    public async Task SaveBreakingCyclesAsync(DbContext context, CancellationToken cancellationToken)
    {
        var references = _builder.OptionalCopyReferences;
        foreach (var (dependent, foreignKey, _) in references)
        {
            foreach (var property in foreignKey.Properties)
            {
                dependent.Property(property.Name).CurrentValue = null;
            }
        }

        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (dependent, foreignKey, principal) in references)
        {
            for (var i = 0; i < foreignKey.Properties.Count; i++)
            {
                dependent.Property(foreignKey.Properties[i].Name).CurrentValue = principal.Property(foreignKey.PrincipalKey.Properties[i].Name).CurrentValue;
            }
        }

        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    private List<Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry> _loaded = [];

    /// <summary>
    /// Fills the copies' many-to-many navigations with the rows they are linked to (see <see cref="LinkTargets"/>), inside
    /// the transaction, so that a failure rolls it back with the rest; the rows it starts tracking are untracked with the copies.
    /// </summary>
    public async Task LoadLinkTargetsAsync(DbContext context, CancellationToken cancellationToken)
        => _loaded = await LinkTargets.LoadAsync(context, _builder.Copies, cancellationToken).ConfigureAwait(false);

    /// <summary>Writes the values EF left to the database defaults on the first save (see <see cref="CopyValues.SentinelFixups"/>).</summary>
    public Task ApplySentinelFixupsAsync(DbContext context, CancellationToken cancellationToken)
        => _builder.Values.ApplyFixupsAsync(context, cancellationToken);

    /// <summary>Runs the types' <c>OnCloning</c> hooks, then awaits their <c>OnCloningAsync</c> ones, copy by copy.</summary>
    public Task RunBeforeSaveHooksAsync(CancellationToken cancellationToken)
        => RunHooksAsync(hooks => hooks.BeforeSave, hooks => hooks.BeforeSaveAsync, cancellationToken);

    /// <summary>Runs the types' <c>OnCloned</c> hooks, then awaits their <c>OnClonedAsync</c> ones, copy by copy.</summary>
    public Task RunAfterSaveHooksAsync(CancellationToken cancellationToken)
        => RunHooksAsync(hooks => hooks.AfterSave, hooks => hooks.AfterSaveAsync, cancellationToken);

    /// <summary>Rows inserted per table: a TPT row counts in each of its tables; owned types stored in their owner's row do not count again.</summary>
    public IReadOnlyDictionary<string, long> CountTables()
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var tablesOf = new Dictionary<IEntityType, List<string>>();
        foreach (var (entityType, _, _, _) in _builder.Copies)
        {
            if (!tablesOf.TryGetValue(entityType, out var names))
            {
                tablesOf[entityType] = names = TablesCounted(entityType);
            }

            foreach (var name in names)
            {
                counts[name] = counts.GetValueOrDefault(name) + 1;
            }
        }

        return counts;
    }

    private static List<string> TablesCounted(IEntityType entityType)
    {
        if (entityType.IsMappedToJson())
        {
            return [];
        }

        var ownerTables = entityType.FindOwnership()?.PrincipalEntityType.GetTableMappings().Select(m => m.Table).ToHashSet() ?? [];
        return entityType.GetTableMappings().Select(m => m.Table).Distinct().Where(t => !ownerTables.Contains(t))
            .Select(t => t.Schema is null ? t.Name : $"{t.Schema}.{t.Name}").ToList();
    }

    public KeyMapping Map(OriginalRow row)
    {
        var key = row.EntityType.FindPrimaryKey()!;
        return new KeyMapping(
            row.EntityType.GetRootType().DisplayName(),
            row.Key.Values,
            key.Properties.Select(p => row.CopyEntry!.Property(p.Name).CurrentValue).ToList());
    }

    private async Task RunHooksAsync(
        Func<CloneHooks, List<Action<object, object>>> select,
        Func<CloneHooks, List<Func<object, object, CancellationToken, Task>>> selectAsync,
        CancellationToken cancellationToken)
    {
        var hooked = new Dictionary<IEntityType, List<(IEntityType Type, CloneHooks Hooks)>>();
        foreach (var (entityType, original, copy, _) in _builder.Copies)
        {
            if (!hooked.TryGetValue(entityType, out var declared))
            {
                // Base types' hooks run first, as a base class's code runs before a derived one's.
                hooked[entityType] = declared = SelfAndBases(entityType).Reverse()
                    .Select(t => (t, t.FindAnnotation(CloneAnnotationNames.Hooks)?.Value as CloneHooks))
                    .Where(h => h.Item2 is not null).Select(h => (h.t, h.Item2!)).ToList();
            }

            foreach (var (_, hooks) in declared)
            {
                try
                {
                    foreach (var hook in select(hooks))
                    {
                        hook(original, copy);
                    }

                    // The hooks get the token and decide; after the commit the clone has succeeded, so it is not checked here.
                    foreach (var hook in selectAsync(hooks))
                    {
                        await hook(original, copy, cancellationToken).ConfigureAwait(false);
                    }
                }
                catch (CloneRefusedException refused) when (refused.EntityType is null)
                {
                    // A hook's veto, told with the entity it was run for.
                    var key = entityType.FindPrimaryKey()?.Properties.Select(p => EfMembers.Get(p, original)).ToList();
                    throw new CloneRefusedException(refused.Reason, entityType.DisplayName(), key, original, refused);
                }
            }
        }
    }

    private static IEnumerable<IEntityType> SelfAndBases(IEntityType entityType)
    {
        for (var type = entityType; type is not null; type = type.BaseType)
        {
            yield return type;
        }
    }
}
