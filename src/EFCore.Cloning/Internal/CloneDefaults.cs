using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace EFCore.Cloning.Internal;

/// <summary>The defaults of <c>UseCloning</c> for one context, applied to the options of each operation.</summary>
internal static class CloneDefaults
{
    /// <summary>The context's <c>UseCloning</c> extension, or null when it did not register one.</summary>
    public static CloningOptionsExtension? Of(DbContext context)
        => context.GetService<IDbContextOptions>().FindExtension<CloningOptionsExtension>();

    /// <summary>New per-call options that start from the context's defaults.</summary>
    public static CloneOptions NewOptions(DbContext context)
        => new() { DefaultSuffix = Of(context)?.DefaultSuffix, BatchSize = Of(context)?.BatchSize };

    /// <summary>Sets the default command timeout on a context that has none for the operation; disposing restores it.</summary>
    public static IDisposable ApplyCommandTimeout(DbContext context, CloningOptionsExtension? defaults)
    {
        if (defaults?.CommandTimeout is not { } seconds || context.Database.GetCommandTimeout() is not null)
        {
            return NoChange.Instance;
        }

        context.Database.SetCommandTimeout(seconds);
        return new Restore(context);
    }

    private sealed class NoChange : IDisposable
    {
        public static readonly NoChange Instance = new();

        public void Dispose()
        {
        }
    }

    private sealed class Restore(DbContext context) : IDisposable
    {
        public void Dispose() => context.Database.SetCommandTimeout((int?)null);
    }
}
