using System.Collections;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace EFCore.Cloning.Objects;

/// <summary>Filters for the loader's queries: rows whose key (or foreign key) is among a set of values, sent as parameters.</summary>
internal static class KeyFilters
{
    /// <summary>
    /// <c>keys.Contains(e.Fk)</c> for one column (one array parameter), or an OR of per-key conditions for composite keys.
    /// Values always travel as parameters: they are read from holder objects, which EF parameterizes.
    /// </summary>
    public static Expression Matching(ParameterExpression parameter, IReadOnlyList<IProperty> properties, List<RowKey> keys)
    {
        if (properties.Count == 1)
        {
            var property = properties[0];
            var listType = typeof(List<>).MakeGenericType(property.ClrType);
            var list = (IList)Activator.CreateInstance(listType)!;
            foreach (var key in keys)
            {
                list.Add(Internal.ValueConversion.ToClr(key.Values[0], property.ClrType));
            }

            var holder = Activator.CreateInstance(typeof(Holder<>).MakeGenericType(listType), list)!;
            var values = Expression.Property(Expression.Constant(holder), "Value");
            return Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [property.ClrType], values, Access(parameter, property));
        }

        Expression? any = null;
        foreach (var key in keys)
        {
            Expression? all = null;
            for (var i = 0; i < properties.Count; i++)
            {
                var property = properties[i];
                var holder = Activator.CreateInstance(typeof(Holder<>).MakeGenericType(property.ClrType), Internal.ValueConversion.ToClr(key.Values[i], property.ClrType))!;
                var equal = Expression.Equal(Access(parameter, property), Expression.Property(Expression.Constant(holder), "Value"));
                all = all is null ? equal : Expression.AndAlso(all, equal);
            }

            any = any is null ? all : Expression.OrElse(any, all!);
        }

        return any ?? Expression.Constant(false);
    }

    /// <summary>
    /// The rows one loader query reads: keys among <paramref name="keys"/>, passing a filtered include's predicate
    /// (written for the navigation's element type, applied to this maybe derived type), none of the <paramref name="excluded"/> types.
    /// </summary>
    public static Expression Rows(ParameterExpression parameter, IReadOnlyList<IProperty> properties, List<RowKey> keys, LambdaExpression? included, IEnumerable<IEntityType> excluded)
    {
        var filter = Matching(parameter, properties, keys);
        if (included is not null)
        {
            filter = Expression.AndAlso(filter, Internal.NavigationPath.ApplyTo(included, parameter));
        }

        foreach (var type in excluded)
        {
            filter = Expression.AndAlso(filter, Expression.Not(Expression.TypeIs(parameter, type.ClrType)));
        }

        return filter;
    }

    private sealed class Holder<T>(T value)
    {
        public T Value { get; } = value;
    }

    /// <summary><c>EF.Property&lt;T&gt;(e, name)</c>: shadow properties included.</summary>
    public static Expression Access(ParameterExpression parameter, IProperty property)
        => Expression.Call(typeof(EF), nameof(EF.Property), [property.ClrType], parameter, Expression.Constant(property.Name));
}
