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

    private sealed class Holder<T>(T value)
    {
        public T Value { get; } = value;
    }

    private static Expression Access(ParameterExpression parameter, IProperty property)
        => Expression.Call(typeof(EF), nameof(EF.Property), [property.ClrType], parameter, Expression.Constant(property.Name));
}
