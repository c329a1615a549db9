using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Internal;

/// <summary>
/// Serializes clones that compute unique values for the same column, so that two clones racing for
/// <c>Apollo (copy)</c> both succeed with different names. Held until the transaction ends. The names come from the
/// plan (<see cref="Planning.PlanUnique.LockName"/>), the same in both engines, so that they serialize with each other.
/// </summary>
internal static class UniqueValueLock
{
    /// <summary>Takes the locks inside the current transaction, in a fixed order so that two clones cannot deadlock.</summary>
    public static async Task AcquireAsync(DbContext context, IEnumerable<string> names, bool synchronous, CancellationToken cancellationToken)
    {
        // SQLite needs nothing: its write transactions (BEGIN IMMEDIATE) already let one writer in at a time.
        if (context.Database.ProviderName != "Npgsql.EntityFrameworkCore.PostgreSQL")
        {
            return;
        }

        foreach (var name in names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            object[] parameters = [name];
            if (synchronous)
            {
                context.Database.ExecuteSqlRaw("SELECT pg_advisory_xact_lock(hashtextextended({0}, 0))", parameters);
            }
            else
            {
                await context.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(hashtextextended({0}, 0))", parameters, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
