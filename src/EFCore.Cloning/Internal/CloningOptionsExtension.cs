using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EFCore.Cloning.Internal;

/// <summary>
/// The defaults registered with <c>UseCloning</c>, held in the context's options; immutable, changed through the
/// <c>With...</c> methods as EF's own extensions are. It also registers the convention that validates clone
/// configuration when the model is built.
/// </summary>
internal sealed class CloningOptionsExtension : IDbContextOptionsExtension
{
    private CloningExtensionInfo? _info;

    public CloningOptionsExtension()
    {
    }

    private CloningOptionsExtension(CloningOptionsExtension copyFrom)
    {
        DefaultSuffix = copyFrom.DefaultSuffix;
        CommandTimeout = copyFrom.CommandTimeout;
        LogLevel = copyFrom.LogLevel;
        BatchSize = copyFrom.BatchSize;
    }

    /// <summary>Rows per statement where the library writes rows it holds (unique values, rows moved between databases); null keeps its own.</summary>
    public int? BatchSize { get; private set; }

    /// <summary>The suffix of unique string columns that name none of their own; null keeps the convention.</summary>
    public CloneSuffix? DefaultSuffix { get; private set; }

    /// <summary>The command timeout (seconds) of clone operations when the context sets none; null keeps the provider's.</summary>
    public int? CommandTimeout { get; private set; }

    /// <summary>The level of the operation-finished event; <see cref="LogLevel.None"/> turns the events off.</summary>
    public LogLevel LogLevel { get; private set; } = LogLevel.Information;

    public DbContextOptionsExtensionInfo Info => _info ??= new CloningExtensionInfo(this);

    public CloningOptionsExtension WithDefaultSuffix(CloneSuffix suffix) => new(this) { DefaultSuffix = suffix };

    public CloningOptionsExtension WithCommandTimeout(int seconds) => new(this) { CommandTimeout = seconds };

    public CloningOptionsExtension WithLogLevel(LogLevel level) => new(this) { LogLevel = level };

    public CloningOptionsExtension WithBatchSize(int rows) => new(this) { BatchSize = rows };

    public void ApplyServices(IServiceCollection services)
        => new EntityFrameworkServicesBuilder(services).TryAdd<IConventionSetPlugin, CloneConventionSetPlugin>();

    public void Validate(IDbContextOptions options)
    {
    }

    private sealed class CloningExtensionInfo(CloningOptionsExtension extension) : DbContextOptionsExtensionInfo(extension)
    {
        private new CloningOptionsExtension Extension => (CloningOptionsExtension)base.Extension;

        public override bool IsDatabaseProvider => false;

        public override string LogFragment
            => "using cloning "
               + (Extension.DefaultSuffix is { } suffix ? $"DefaultSuffix=({suffix}) " : string.Empty)
               + (Extension.CommandTimeout is { } timeout ? $"CommandTimeout={timeout} " : string.Empty)
               + (Extension.BatchSize is { } rows ? $"BatchSize={rows} " : string.Empty);

        // The options change no service and no model (the validation convention is there either way once UseCloning is called).
        public override int GetServiceProviderHashCode() => 0;

        public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) => other is CloningExtensionInfo;

        public override void PopulateDebugInfo(IDictionary<string, string> debugInfo)
            => debugInfo["EFCore.Cloning:UseCloning"] = "1";
    }
}
