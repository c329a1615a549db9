using EFCore.Cloning.Internal;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging;

namespace EFCore.Cloning;

/// <summary>The defaults of every clone made through one context, set in <c>optionsBuilder.UseCloning(c =&gt; ...)</c>.</summary>
public sealed class CloningOptionsBuilder
{
    private readonly DbContextOptionsBuilder _optionsBuilder;

    internal CloningOptionsBuilder(DbContextOptionsBuilder optionsBuilder)
    {
        _optionsBuilder = optionsBuilder;
    }

    /// <summary>
    /// The suffix of unique string values whose property and entity type name none of their own (by
    /// <c>HasCloneSuffix</c> or per call); without it, slug-named columns get <see cref="CloneSuffix.Slug"/> and others
    /// <see cref="CloneSuffix.Default"/>.
    /// </summary>
    /// <param name="suffix">The format, such as <c>CloneSuffix.Create(" - Copy", " - Copy {0}")</c>.</param>
    public CloningOptionsBuilder DefaultSuffix(CloneSuffix suffix)
    {
        ArgumentNullException.ThrowIfNull(suffix);
        return With(e => e.WithDefaultSuffix(suffix));
    }

    /// <summary>The command timeout of clone operations, in seconds, when the context sets none of its own (set mode's statements can be long).</summary>
    /// <param name="seconds">Zero or more; zero waits without limit.</param>
    public CloningOptionsBuilder CommandTimeout(int seconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(seconds);
        return With(e => e.WithCommandTimeout(seconds));
    }

    /// <summary>
    /// The level at which the "clone finished" event is logged (Information unless set); "started" is logged at Debug,
    /// failures at Warning; <see cref="LogLevel.None"/> turns the library's events off.
    /// </summary>
    /// <param name="level">The level.</param>
    public CloningOptionsBuilder LogLevel(LogLevel level) => With(e => e.WithLogLevel(level));

    /// <summary>
    /// Rows per statement where the library writes rows it holds itself: <c>CloneAndSaveAsync</c>'s own inserts and the
    /// rows a copy into another database streams (where object mode saves through <c>SaveChanges</c>, the inserts are
    /// EF's: its provider's <c>MaxBatchSize</c> sets them). Bounded by each database's parameter limit. Without it: as
    /// many as fit. Set mode's own statements work inside the database and hold no rows.
    /// </summary>
    /// <param name="rows">One or more.</param>
    public CloningOptionsBuilder BatchSize(int rows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        return With(e => e.WithBatchSize(rows));
    }

    private CloningOptionsBuilder With(Func<CloningOptionsExtension, CloningOptionsExtension> change)
    {
        var current = _optionsBuilder.Options.FindExtension<CloningOptionsExtension>() ?? new CloningOptionsExtension();
        ((IDbContextOptionsBuilderInfrastructure)_optionsBuilder).AddOrUpdateExtension(change(current));
        return this;
    }
}
