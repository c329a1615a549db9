using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace EFCore.Cloning.Sql;

/// <summary>
/// Finds the DbContext behind an EF query. EF exposes it only on DbSet (through <see cref="IInfrastructure{T}"/>); for a
/// composed query it is reached through the query provider's compiler, as other EF extensions do.
/// </summary>
internal static class QueryContext
{
    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;

    public static DbContext Of(IQueryable query)
    {
        if (query is IInfrastructure<IServiceProvider> infrastructure
            && infrastructure.Instance.GetService(typeof(ICurrentDbContext)) is ICurrentDbContext current)
        {
            return current.Context;
        }

        var compiler = Field(query.Provider, "_queryCompiler");
        var factory = Field(compiler, "_queryContextFactory");
        var dependencies = factory?.GetType().GetProperty("Dependencies", Instance)?.GetValue(factory);
        if (dependencies?.GetType().GetProperty("CurrentContext", Instance)?.GetValue(dependencies) is ICurrentDbContext context)
        {
            return context.Context;
        }

        throw new CloneException(
            "ExecuteCloneAsync needs a query of an EF Core DbContext (such as db.Projects.Where(...)); this query does not come from one.");
    }

    private static object? Field(object? target, string name)
    {
        for (var type = target?.GetType(); type is not null; type = type.BaseType)
        {
            if (type.GetField(name, Instance) is { } field)
            {
                return field.GetValue(target);
            }
        }

        return null;
    }
}
