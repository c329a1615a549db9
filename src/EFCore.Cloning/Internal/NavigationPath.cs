using System.Linq.Expressions;

namespace EFCore.Cloning.Internal;

/// <summary>
/// Reads an include the way EF's filtered <c>Include</c> is written: <c>p =&gt; p.Tasks</c>, or
/// <c>p =&gt; p.Tasks.Where(t =&gt; !t.Archived)</c> (one or more <c>Where</c>s), into the navigation and its filter.
/// </summary>
internal static class NavigationPath
{
    public static (Type DeclaringType, string Name, LambdaExpression? Filter) Parse(LambdaExpression expression, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(expression, parameterName);
        var body = expression.Body is UnaryExpression { NodeType: ExpressionType.Convert } boxing ? boxing.Operand : expression.Body;
        var filters = new List<LambdaExpression>();
        while (body is MethodCallExpression call)
        {
            if (call.Method.DeclaringType != typeof(Enumerable) || call.Method.Name != nameof(Enumerable.Where)
                || call.Arguments.Count != 2 || Lambda(call.Arguments[1]) is not { Parameters.Count: 1 } filter)
            {
                throw new ArgumentException(
                    $"'{call.Method.Name}' in the include '{expression}' is not supported: a copy holds a set of rows, so an include can only filter them, "
                    + "such as 'p => p.Tasks.Where(t => !t.Archived)' (ordering does not change which rows are copied; Take and Skip would copy an arbitrary subset).",
                    parameterName);
            }

            filters.Add(filter);
            body = call.Arguments[0];
        }

        var (type, name) = MemberPath.Parse(Expression.Lambda(body, expression.Parameters), parameterName);
        return (type, name, filters.Count == 0 ? null : Combine(filters));
    }

    private static LambdaExpression? Lambda(Expression argument)
        => argument switch
        {
            LambdaExpression lambda => lambda,
            UnaryExpression { NodeType: ExpressionType.Quote, Operand: LambdaExpression quoted } => quoted,
            _ => null,
        };

    /// <summary>The filters as one predicate over the first filter's parameter.</summary>
    private static LambdaExpression Combine(List<LambdaExpression> filters)
    {
        var parameter = filters[0].Parameters[0];
        var body = filters[0].Body;
        foreach (var other in filters.Skip(1))
        {
            body = Expression.AndAlso(body, new Rebinder(other.Parameters[0], parameter).Visit(other.Body));
        }

        return Expression.Lambda(body, parameter);
    }

    /// <summary>
    /// The body of <paramref name="predicate"/> applied to <paramref name="parameter"/>, which may be of a type derived
    /// from (or a base of) the one the predicate is written for: a filter or guard of a hierarchy on any of its types.
    /// </summary>
    public static Expression ApplyTo(LambdaExpression predicate, ParameterExpression parameter)
    {
        var target = predicate.Parameters[0].Type;
        var self = target.IsAssignableFrom(parameter.Type) ? (Expression)parameter : Expression.Convert(parameter, target);
        return new Rebinder(predicate.Parameters[0], self).Visit(predicate.Body);
    }

    /// <summary>Replaces one parameter by another expression (used to apply a filter written for a base type to a derived one).</summary>
    internal sealed class Rebinder(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
