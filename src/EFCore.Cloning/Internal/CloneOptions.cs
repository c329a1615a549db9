using System.Linq.Expressions;

namespace EFCore.Cloning.Internal;

/// <summary>What the caller asked for in one operation, gathered by <see cref="CloneOptionsBuilder{TEntity}"/>.</summary>
internal sealed class CloneOptions
{
    public bool Aggregate { get; set; }

    public List<NavigationRule> Navigations { get; } = [];

    public List<ValueRule> Values { get; } = [];

    public List<SuffixRule> Suffixes { get; } = [];

    /// <summary>Lineage: copies of the entities each selects store their original's key in these properties.</summary>
    public List<OnlyRule> Origins { get; } = [];

    /// <summary>Include-only lists: copies of the entities each selects keep just these properties.</summary>
    public List<OnlyRule> Only { get; } = [];

    public int Copies { get; set; } = 1;

    public IProgress<CloneProgress>? Progress { get; set; }

    public bool MapAllRows { get; set; }

    /// <summary>The suffix of unique strings that name none (from <c>UseCloning</c>); null keeps the planner's convention.</summary>
    public CloneSuffix? DefaultSuffix { get; set; }

    public bool IgnoreQueryFilters { get; set; }

    /// <summary>Count what would be copied, write nothing (<c>DryRun()</c>).</summary>
    public bool DryRun { get; set; }

    /// <summary>Rows per statement where the library writes rows it holds (from <c>UseCloning</c>); null for as many as fit.</summary>
    public int? BatchSize { get; set; }

    /// <summary>How messages spell the options they advise (C# for the API, command-line flags for efclone).</summary>
    public OptionSyntax Syntax { get; set; }

    /// <summary>The context of another database the copies are written into (<c>Into</c>); null: the source's own database.</summary>
    public Microsoft.EntityFrameworkCore.DbContext? Into { get; set; }

    /// <summary>With <see cref="Into"/>: principals the copies point at that the target lacks are copied too, with their own keys.</summary>
    public bool CopyMissingPrincipals { get; set; }
}

/// <summary>The language of the options a message advises.</summary>
internal enum OptionSyntax
{
    /// <summary><c>Set(e =&gt; e.Position, original =&gt; ...)</c>.</summary>
    CSharp,

    /// <summary><c>--set Position=...</c>.</summary>
    CommandLine,
}

/// <summary>
/// Which entities a rule applies to: those whose CLR type is related to <paramref name="ClrType"/> (EF models), or the
/// entity named <paramref name="Name"/> (live databases); both null means every entity.
/// </summary>
internal sealed record EntitySelector(Type? ClrType, string? Name)
{
    /// <summary>For an owned type reached by a path (<c>s =&gt; s.Settings.Limit</c>): the owner's CLR type.</summary>
    public Type? Owner { get; init; }

    /// <summary>For an owned type reached by a path: the owner's navigation to it.</summary>
    public string? OwnerNavigation { get; init; }

    public static EntitySelector Any { get; } = new(null, null);

    public static EntitySelector Of(Type clrType) => new(clrType, null);

    public static EntitySelector Named(string name) => new(null, name);

    public override string ToString() => Owner is not null ? $"{Owner.Name}.{OwnerNavigation}" : ClrType?.Name ?? Name ?? "*";
}

/// <summary>A strategy for the navigation <paramref name="Navigation"/> of the entities <paramref name="Entity"/> selects.</summary>
internal sealed record NavigationRule(EntitySelector Entity, string Navigation, CloneStrategy Strategy)
{
    /// <summary>For a filtered include (<c>p =&gt; p.Tasks.Where(...)</c>): which of the navigation's rows are cloned.</summary>
    public System.Linq.Expressions.LambdaExpression? Filter { get; init; }
}

internal enum ValueRuleKind
{
    Constant,
    Computed,
    Reset,
}

/// <summary>An override of one property's value on copies of the entities <paramref name="Entity"/> selects.</summary>
internal sealed record ValueRule(EntitySelector Entity, string Property, ValueRuleKind Kind, object? Value, Func<object, object?>? Factory)
{
    /// <summary>For a computed value: the expression of the original it was compiled from (set mode has EF translate it).</summary>
    public LambdaExpression? Expression { get; init; }
}

/// <summary>Copies of the entities <paramref name="Entity"/> selects keep only <paramref name="Properties"/>; the rest get their defaults.</summary>
internal sealed record OnlyRule(EntitySelector Entity, IReadOnlyList<string> Properties);

/// <summary>The suffix format for one property of the entities <paramref name="Entity"/> selects.</summary>
internal sealed record SuffixRule(EntitySelector Entity, string Property, CloneSuffix Suffix);

internal static class MemberPath
{
    /// <summary>
    /// Reads <c>e =&gt; e.Member</c> (or <c>e =&gt; ((Derived)e).Member</c>) into the type the member is reached from and its name.
    /// </summary>
    public static (Type DeclaringType, string Name) Parse(LambdaExpression expression, string parameterName)
    {
        var (selector, name) = ParseSelector(expression, parameterName, allowPath: false);
        return (selector.ClrType!, name);
    }

    /// <summary>
    /// Reads a property path: <c>e =&gt; e.Name</c>, or <c>e =&gt; e.Owned.Name</c> for a property of an owned type,
    /// into the entity it belongs to and its name.
    /// </summary>
    public static (EntitySelector Entity, string Name) ParseProperty(LambdaExpression expression, string parameterName)
        => ParseSelector(expression, parameterName, allowPath: true);

    private static (EntitySelector Entity, string Name) ParseSelector(LambdaExpression expression, string parameterName, bool allowPath)
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
                    return (EntitySelector.Of(parameter.Type), member.Member.Name);
                case UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.TypeAs, Operand: ParameterExpression } cast:
                    return (EntitySelector.Of(cast.Type), member.Member.Name);
                case MemberExpression owned when allowPath && IsPath(owned):
                    return (EntitySelector.Of(owned.Type) with { Owner = owned.Expression!.Type, OwnerNavigation = owned.Member.Name }, member.Member.Name);
            }
        }

        throw new ArgumentException(
            allowPath
                ? $"The expression '{expression}' must be a property access such as 'e => e.Name', 'e => ((Derived)e).Name', or 'e => e.Owned.Name' for a property of an owned type."
                : $"The expression '{expression}' must be a simple member access such as 'e => e.Name' (or 'e => ((Derived)e).Name' for a member of a derived type).",
            parameterName);
    }

    /// <summary>Reads <c>e =&gt; new { e.Title, e.Body }</c> (or <c>e =&gt; e.Title</c>) into the member names.</summary>
    public static IReadOnlyList<string> ParseList(LambdaExpression expression, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(expression, parameterName);
        var body = expression.Body is UnaryExpression { NodeType: ExpressionType.Convert } boxing ? boxing.Operand : expression.Body;
        var members = body switch
        {
            NewExpression created => created.Arguments.ToList(),
            MemberExpression => [body],
            _ => throw new ArgumentException($"The expression '{expression}' must list properties, such as 'e => new {{ e.Title, e.Body }}'.", parameterName),
        };
        return members.Select(m => m is MemberExpression { Expression: ParameterExpression } member
            ? member.Member.Name
            : throw new ArgumentException($"'{m}' in '{expression}' is not a property of the entity; list properties such as 'e => new {{ e.Title, e.Body }}'.", parameterName)).ToList();
    }

    private static bool IsPath(MemberExpression member)
        => member.Expression switch
        {
            ParameterExpression => true,
            UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.TypeAs, Operand: ParameterExpression } => true,
            MemberExpression inner => IsPath(inner),
            _ => false,
        };
}
