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

    /// <summary>In the caller's transaction, which may still be usable; if it is aborted, its rollback removes them.</summary>
    public static async Task DropTempsAsync(SetModeRequest request, SetModeState state)
    {
        try
        {
            var runner = new SqlCommandRunner(request.Connection, request.CommandTimeout, CancellationToken.None) { Transaction = state.Sql.Transaction };
            foreach (var name in state.Temps)
            {
                await runner.ExecuteAsync(state.Dialect.DropTemp(name)).ConfigureAwait(false);
            }
        }
        catch (DbException)
        {
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
