using System.Data;
using System.Data.Common;

namespace EFCore.Cloning.Sql;

/// <summary>Clean-up after a failure that must not hide the failure itself: errors of a broken connection are expected here.</summary>
internal static class Quietly
{
    public static async Task RollbackAsync(DbTransaction transaction)
    {
        try
        {
            await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (DbException)
        {
            // A broken connection has rolled back already.
        }
        catch (InvalidOperationException)
        {
        }
    }

    /// <summary>Back to the savepoint taken in the caller's transaction: the clone's rows and temporary tables are gone, their work stays.</summary>
    public static async Task RollbackAsync(DbTransaction transaction, string savepoint)
    {
        try
        {
            await transaction.RollbackAsync(savepoint, CancellationToken.None).ConfigureAwait(false);
        }
        catch (DbException)
        {
            // A broken connection has rolled the whole transaction back already.
        }
        catch (InvalidOperationException)
        {
        }
    }

    public static async Task ReleaseAsync(ISqlDialect dialect, DbConnection connection, IReadOnlyList<string> locks)
    {
        try
        {
            if (connection.State == ConnectionState.Open)
            {
                await dialect.ReleaseAsync(connection, locks).ConfigureAwait(false);
            }
        }
        catch (DbException)
        {
            // A broken connection has released its session locks with it.
        }
        catch (InvalidOperationException)
        {
        }
    }
}
