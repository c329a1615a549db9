using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace EFCore.Cloning.Objects;

/// <summary>
/// The rows the caller's context already tracks, by hierarchy and key, read once: their current values (edits not yet
/// saved included) are the originals the caller sees.
/// </summary>
internal sealed class TrackedRows(DbContext context)
{
    private readonly DbContext _context = context;
    private Dictionary<(IEntityType Root, RowKey Key), EntityEntry>? _tracked;

    public EntityEntry? Find(IEntityType entityType, RowKey key)
    {
        if (_tracked is null)
        {
            _tracked = [];
            var detect = _context.ChangeTracker.AutoDetectChangesEnabled;
            _context.ChangeTracker.AutoDetectChangesEnabled = false;
            try
            {
                foreach (var entry in _context.ChangeTracker.Entries())
                {
                    if (entry.State is EntityState.Detached or EntityState.Added || entry.Metadata.IsOwned())
                    {
                        continue;
                    }

                    var primaryKey = entry.Metadata.FindPrimaryKey();
                    if (primaryKey is not null)
                    {
                        var values = new RowKey(primaryKey.Properties.Select(p => entry.Property(p.Name).CurrentValue).ToArray());
                        _tracked[(entry.Metadata.GetRootType(), values)] = entry;
                    }
                }
            }
            finally
            {
                _context.ChangeTracker.AutoDetectChangesEnabled = detect;
            }
        }

        return _tracked.GetValueOrDefault((entityType.GetRootType(), key));
    }
}
