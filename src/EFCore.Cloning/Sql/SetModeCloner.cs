using EFCore.Cloning.Internal;

namespace EFCore.Cloning.Sql;

/// <summary>Set mode: copies rows inside the database. (Being written; see issue 3.)</summary>
internal static class SetModeCloner
{
    public static Task<CloneResult> ExecuteAsync<TEntity>(IQueryable<TEntity> roots, CloneOptions options, CancellationToken cancellationToken)
        where TEntity : class
        => throw new NotImplementedException();

    public static Task<CloneResult> ExecuteAsync(SetModeRequest request, CancellationToken cancellationToken)
        => throw new NotImplementedException();
}
