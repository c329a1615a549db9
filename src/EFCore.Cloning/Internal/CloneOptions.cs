using System.Linq.Expressions;

namespace EFCore.Cloning.Internal;

/// <summary>What the caller asked for in one operation, gathered by <see cref="CloneOptionsBuilder{TEntity}"/>.</summary>
internal sealed class CloneOptions
{
    public bool Aggregate { get; set; }

    public List<NavigationRule> Navigations { get; } = [];

    public List<ValueRule> Values { get; } = [];

    public List<SuffixRule> Suffixes { get; } = [];

    public int Copies { get; set; } = 1;

    public IProgress<CloneProgress>? Progress { get; set; }

    public bool MapAllRows { get; set; }

    /// <summary>The suffix of unique strings that name none (from <c>UseCloning</c>); null keeps the planner's convention.</summary>
    public CloneSuffix? DefaultSuffix { get; set; }
}

/// <summary>
/// Which entities a rule applies to: those whose CLR type is related to <paramref name="ClrType"/> (EF models), or the
/// entity named <paramref name="Name"/> (live databases); both null means every entity.
/// </summary>
internal sealed record EntitySelector(Type? ClrType, string? Name)
{
    public static EntitySelector Any { get; } = new(null, null);

    public static EntitySelector Of(Type clrType) => new(clrType, null);

    public static EntitySelector Named(string name) => new(null, name);

    public override string ToString() => ClrType?.Name ?? Name ?? "*";
}

/// <summary>A strategy for the navigation <paramref name="Navigation"/> of the entities <paramref name="Entity"/> selects.</summary>
internal sealed record NavigationRule(EntitySelector Entity, string Navigation, CloneStrategy Strategy);

internal enum ValueRuleKind
{
    Constant,
    Computed,
    Reset,
}

/// <summary>An override of one property's value on copies of the entities <paramref name="Entity"/> selects.</summary>
internal sealed record ValueRule(EntitySelector Entity, string Property, ValueRuleKind Kind, object? Value, Func<object, object?>? Factory);

/// <summary>The suffix format for one property of the entities <paramref name="Entity"/> selects.</summary>
internal sealed record SuffixRule(EntitySelector Entity, string Property, CloneSuffix Suffix);

internal static class MemberPath
{
    /// <summary>
    /// Reads <c>e =&gt; e.Member</c> (or <c>e =&gt; ((Derived)e).Member</c>) into the type the member is reached from and its name.
    /// </summary>
    public static (Type DeclaringType, string Name) Parse(LambdaExpression expression, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(expression, parameterName);
        var body = expression.Body;
        if (body is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } boxing)
        {
            body = boxing.Operand;
        }

        if (body is MemberExpression member)
        {
            switch (member.Expression)
            {
                case ParameterExpression parameter:
                    return (parameter.Type, member.Member.Name);
                case UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.TypeAs, Operand: ParameterExpression } cast:
                    return (cast.Type, member.Member.Name);
            }
        }

        throw new ArgumentException(
            $"The expression '{expression}' must be a simple member access such as 'e => e.Name' (or 'e => ((Derived)e).Name' for a member of a derived type).",
            parameterName);
    }
}
