using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Objects;

/// <summary>
/// <c>CloneAndSaveAsync</c> saves the copies and nothing else: a context holding other unsaved changes is refused
/// before anything is done, naming them, because its <c>SaveChanges</c> would write them too.
/// </summary>
internal static class PendingChanges
{
    /// <summary>Refuses a context with pending changes; returns whether it has none at all (owned entries included).</summary>
    public static bool Refuse(DbContext context)
    {
        if (!context.ChangeTracker.HasChanges())
        {
            return true;
        }

        var pending = context.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && !e.Metadata.IsOwned())
            .ToList();
        if (pending.Count == 0)
        {
            return false;
        }

        var names = pending.Take(5).Select(e =>
        {
            var key = e.Metadata.FindPrimaryKey()?.Properties.Select(p => e.Property(p.Name).CurrentValue);
            return $"{e.State} '{e.Metadata.DisplayName()}'" + (key is null ? string.Empty : $" ({string.Join(", ", key)})");
        });
        throw new CloneException(
            $"CloneAndSaveAsync saves the copies in a transaction of its own, and the context has other unsaved changes that its SaveChanges would write too: "
            + $"{string.Join(", ", names)}{(pending.Count > 5 ? $" and {pending.Count - 5} more" : string.Empty)}. "
            + "Save or discard them first, or use CloneAsync and save everything together with your own SaveChanges.");
    }
}
