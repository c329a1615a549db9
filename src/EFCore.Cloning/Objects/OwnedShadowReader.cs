using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace EFCore.Cloning.Objects;

/// <summary>Reads what untracked owned instances do not hold: the shadow properties of owned references, beside their owner.</summary>
internal static class OwnedShadowReader
{
    private static readonly System.Reflection.MethodInfo PropertyMethod = typeof(EF).GetMethod(nameof(EF.Property))!;

    /// <summary>
    /// Shadow properties of owned references (not collections) reachable from <paramref name="entityType"/>, each with
    /// the expression that reads it from the owner (<c>EF.Property&lt;int&gt;(e.Settings, "Revision")</c>): an untracked owned
    /// instance does not hold them.
    /// </summary>
    public static List<(IEntityType Owned, IProperty Property, Func<Expression, Expression> Access)> Of(IEntityType entityType)
    {
        var found = new List<(IEntityType, IProperty, Func<Expression, Expression>)>();
        void Walk(IEntityType owner, Func<Expression, Expression> reach)
        {
            foreach (var navigation in owner.GetNavigations().Where(n => n.ForeignKey.IsOwnership && !n.IsOnDependent && !n.IsCollection))
            {
                var target = navigation.TargetEntityType;
                Expression Reach(Expression e) => Expression.Call(PropertyMethod.MakeGenericMethod(target.ClrType), reach(e), Expression.Constant(navigation.Name));
                foreach (var property in target.GetDeclaredProperties().Where(p => p.IsShadowProperty() && !p.IsKey() && !p.IsForeignKey()))
                {
                    found.Add((target, property, e => Expression.Call(PropertyMethod.MakeGenericMethod(property.ClrType), Reach(e), Expression.Constant(property.Name))));
                }

                Walk(target, Reach);
            }
        }

        Walk(entityType, e => e);
        return found;
    }
}
