using System.Linq.Expressions;
using System.Reflection;
using EFCore.Cloning.Planning;
using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Internal;

/// <summary>
/// The predicate of a filtered include over the rows its edge reaches, for both engines' EF queries: the filter itself,
/// or, for a many-to-many's join rows, "the join row's target passes the filter" as an <c>EXISTS</c> over EF's query
/// of the targets (its query filter included unless ignored).
/// </summary>
internal static class FilterExpressions
{
    private static readonly MethodInfo SetMethod = typeof(DbContext).GetMethod(nameof(DbContext.Set), Type.EmptyTypes)!;
    private static readonly MethodInfo PropertyMethod = typeof(EF).GetMethod(nameof(EF.Property))!;

    public static LambdaExpression ForEdge(DbContext context, PlanEdge edge, bool ignoreQueryFilters)
    {
        var filter = edge.Filter ?? throw new InvalidOperationException("The edge has no filter.");
        if (edge.FilterThrough is not { } through)
        {
            return filter;
        }

        var targetType = filter.Parameters[0].Type;
        var join = context.Model.FindEntityType(through.Dependent.Name)!;
        var targets = (IQueryable)SetMethod.MakeGenericMethod(targetType).Invoke(context, null)!;
        if (ignoreQueryFilters)
        {
            targets = (IQueryable)typeof(EntityFrameworkQueryableExtensions).GetMethod(nameof(EntityFrameworkQueryableExtensions.IgnoreQueryFilters), [typeof(IQueryable<>).MakeGenericType(Type.MakeGenericMethodParameter(0))])!
                .MakeGenericMethod(targetType).Invoke(null, [targets])!;
        }

        // Read from a holder, as a captured variable is: EF inlines such a query as a subquery (a bare constant it refuses).
        var holder = Activator.CreateInstance(typeof(QueryHolder<>).MakeGenericType(targetType), targets)!;
        var source = Expression.Property(Expression.Constant(holder), nameof(QueryHolder<object>.Value));
        var filtered = Expression.Call(typeof(Queryable), nameof(Queryable.Where), [targetType], source, Expression.Quote(filter));
        var row = Expression.Parameter(join.ClrType, "j");
        var target = Expression.Parameter(targetType, "t");
        Expression? match = null;
        for (var i = 0; i < through.ForeignKey.Count; i++)
        {
            var joinProperty = join.FindProperty(through.ForeignKey[i].Name)!;
            var key = Access(target, through.PrincipalKey[i].Name, context.Model.FindEntityType(through.Principal.Name)!.FindProperty(through.PrincipalKey[i].Name)!.ClrType);
            var foreign = Access(row, joinProperty.Name, joinProperty.ClrType);
            if (key.Type != foreign.Type)
            {
                // A nullable foreign key against its principal's key: compared as the nullable type.
                key = Expression.Convert(key, foreign.Type);
            }

            var equal = Expression.Equal(key, foreign);
            match = match is null ? equal : Expression.AndAlso(match, equal);
        }

        var any = Expression.Call(typeof(Queryable), nameof(Queryable.Any), [targetType], filtered, Expression.Quote(Expression.Lambda(match!, target)));
        return Expression.Lambda(any, row);
    }

    private sealed class QueryHolder<T>(IQueryable targets)
    {
        public IQueryable<T> Value { get; } = (IQueryable<T>)targets;
    }

    private static Expression Access(ParameterExpression parameter, string name, Type type)
        => Expression.Call(PropertyMethod.MakeGenericMethod(type), parameter, Expression.Constant(name));
}
