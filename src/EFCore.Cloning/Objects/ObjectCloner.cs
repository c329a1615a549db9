using EFCore.Cloning.Internal;
using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Objects;

/// <summary>Object mode: copies entities through EF's change tracker. (Being written; see issue 2.)</summary>
internal static class ObjectCloner
{
    public static Task<ObjectCloneOperation> CloneAsync(DbContext context, object entity, CloneOptions options, CancellationToken cancellationToken, bool synchronous = false)
        => throw new NotImplementedException();

    public static Task<CloneResult<TEntity>> CloneAndSaveAsync<TEntity>(DbContext context, TEntity entity, CloneOptions options, CancellationToken cancellationToken)
        where TEntity : class
        => throw new NotImplementedException();
}

/// <summary>One object-mode operation: the copies it made, by original.</summary>
internal sealed class ObjectCloneOperation
{
    public object RootCopy { get; init; } = null!;
}
