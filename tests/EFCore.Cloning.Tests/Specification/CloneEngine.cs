using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Tests.Specification;

/// <summary>One of the two engines, behind one call, so that the same scenario runs through both.</summary>
public abstract class CloneEngine
{
    public static CloneEngine Objects { get; } = new ObjectEngine();

    public static CloneEngine Sets { get; } = new SetEngine();

    public abstract Task<CloneResult> CloneAsync<T>(DbContext db, T entity, Action<CloneOptionsBuilder<T>>? configure = null)
        where T : class;

    private sealed class ObjectEngine : CloneEngine
    {
        public override async Task<CloneResult> CloneAsync<T>(DbContext db, T entity, Action<CloneOptionsBuilder<T>>? configure = null)
            => await db.CloneAndSaveAsync(entity, configure);

        public override string ToString() => "object mode";
    }

    private sealed class SetEngine : CloneEngine
    {
        public override Task<CloneResult> CloneAsync<T>(DbContext db, T entity, Action<CloneOptionsBuilder<T>>? configure = null)
        {
            // The root selected by its key, the way a caller writes db.Stores.Where(s => s.Id == id).
            var entry = db.Entry(entity);
            var parameter = Expression.Parameter(typeof(T), "e");
            Expression? body = null;
            foreach (var property in entry.Metadata.FindPrimaryKey()!.Properties)
            {
                var value = entry.Property(property.Name).CurrentValue;
                var access = Expression.Call(typeof(EF), nameof(EF.Property), [property.ClrType], parameter, Expression.Constant(property.Name));
                var equal = Expression.Equal(access, Expression.Constant(value, property.ClrType));
                body = body is null ? equal : Expression.AndAlso(body, equal);
            }

            return db.Set<T>().Where(Expression.Lambda<Func<T, bool>>(body!, parameter)).ExecuteCloneAsync(configure);
        }

        public override string ToString() => "set mode";
    }
}
