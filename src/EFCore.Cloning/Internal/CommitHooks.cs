using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace EFCore.Cloning.Internal;

/// <summary>Runs the model's <c>OnCloneCommitted</c> hooks once an operation committed, each with its type's key mappings.</summary>
internal static class CommitHooks
{
    public static CloneHooks? Of(IReadOnlyEntityType entityType) => entityType.FindAnnotation(CloneAnnotationNames.Hooks)?.Value as CloneHooks;

    /// <summary>
    /// Object mode: every copied row counts for its own type and each base type, so that a hook on a base type sees
    /// the copies of its derived types too.
    /// </summary>
    /// <remarks>A row's mapping is made only when a hook will receive it: most models have no commit hook, and a clone may copy many rows.</remarks>
    public static async Task RunAsync<TRow>(IEnumerable<TRow> copies, Func<TRow, IEntityType> typeOf, Func<TRow, KeyMapping> map, CancellationToken cancellationToken)
    {
        var byType = new Dictionary<IEntityType, List<KeyMapping>>();
        var hooked = new Dictionary<IEntityType, List<IEntityType>>();
        foreach (var copy in copies)
        {
            var type = typeOf(copy);
            if (!hooked.TryGetValue(type, out var targets))
            {
                hooked[type] = targets = [];
                for (var current = type; current is not null; current = current.BaseType)
                {
                    if (Of(current) is { Committed.Count: > 0 })
                    {
                        targets.Add(current);
                    }
                }
            }

            if (targets.Count == 0)
            {
                continue;
            }

            var mapping = map(copy);
            foreach (var target in targets)
            {
                (byType.TryGetValue(target, out var list) ? list : byType[target] = []).Add(mapping);
            }
        }

        foreach (var (type, mappings) in byType)
        {
            foreach (var hook in Of(type)!.Committed)
            {
                await hook(mappings, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Set mode: key mappings are per hierarchy (its root type); a hook on a derived type is refused before anything is written.</summary>
    public static void RefuseDerived(DbContext context, IEnumerable<string> hierarchies)
    {
        foreach (var name in hierarchies)
        {
            var root = context.Model.FindEntityType(name)!;
            if (root.GetDerivedTypes().FirstOrDefault(d => Of(d) is { Committed.Count: > 0 }) is { } derived)
            {
                throw new CloneException(
                    $"OnCloneCommitted on '{derived.DisplayName()}': set mode maps keys per hierarchy, so it runs commit hooks declared on the hierarchy's root type "
                    + $"'{root.DisplayName()}' only. Declare the hook on '{root.DisplayName()}' (it receives the keys of every copied row of the hierarchy), or use object mode.");
            }
        }
    }

    /// <summary>Set mode: the hooks of each hierarchy's root type, with the mappings of that hierarchy's copies.</summary>
    public static async Task RunAsync(DbContext context, IReadOnlyList<KeyMapping> mappings, CancellationToken cancellationToken)
    {
        foreach (var group in mappings.GroupBy(m => m.Entity, StringComparer.Ordinal))
        {
            var root = context.Model.GetEntityTypes().First(t => t.BaseType is null && t.DisplayName() == group.Key);
            foreach (var hook in Of(root)?.Committed ?? [])
            {
                await hook(group.ToList(), cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
