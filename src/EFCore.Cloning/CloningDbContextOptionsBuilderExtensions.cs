using EFCore.Cloning;
using EFCore.Cloning.Internal;
using Microsoft.EntityFrameworkCore.Infrastructure;

// In EF's namespace, beside UseSqlite and UseSnakeCaseNamingConvention.
namespace Microsoft.EntityFrameworkCore;

/// <summary>Registers EFCore.Cloning with a context's options: defaults, and validation of the clone configuration when the model is built.</summary>
public static class CloningDbContextOptionsBuilderExtensions
{
    /// <summary>
    /// Registers EFCore.Cloning with the context: mistakes in the clone configuration of <c>OnModelCreating</c> then
    /// fail when the model is built, and <paramref name="configure"/> sets defaults for every clone of the context.
    /// Cloning works without it, with the built-in defaults.
    /// </summary>
    /// <param name="optionsBuilder">The context's options builder.</param>
    /// <param name="configure">Defaults, such as <c>c =&gt; c.DefaultSuffix(CloneSuffix.Slug).CommandTimeout(120)</c>.</param>
    public static DbContextOptionsBuilder UseCloning(this DbContextOptionsBuilder optionsBuilder, Action<CloningOptionsBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(optionsBuilder);
        var extension = optionsBuilder.Options.FindExtension<CloningOptionsExtension>() ?? new CloningOptionsExtension();
        ((IDbContextOptionsBuilderInfrastructure)optionsBuilder).AddOrUpdateExtension(extension);
        configure?.Invoke(new CloningOptionsBuilder(optionsBuilder));
        return optionsBuilder;
    }

    /// <summary>The typed form of <see cref="UseCloning(DbContextOptionsBuilder, Action{CloningOptionsBuilder})"/>.</summary>
    /// <typeparam name="TContext">The context type.</typeparam>
    /// <param name="optionsBuilder">The context's options builder.</param>
    /// <param name="configure">Defaults for every clone of the context.</param>
    public static DbContextOptionsBuilder<TContext> UseCloning<TContext>(this DbContextOptionsBuilder<TContext> optionsBuilder, Action<CloningOptionsBuilder>? configure = null)
        where TContext : DbContext
        => (DbContextOptionsBuilder<TContext>)UseCloning((DbContextOptionsBuilder)optionsBuilder, configure);
}
