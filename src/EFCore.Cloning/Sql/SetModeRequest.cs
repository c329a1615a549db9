using System.Data.Common;
using EFCore.Cloning.Planning;
using Microsoft.EntityFrameworkCore.Storage;

namespace EFCore.Cloning.Sql;

/// <summary>Everything the set-mode engine needs: where to write, how to speak the database's SQL, what to copy and which roots.</summary>
internal sealed record SetModeRequest
{
    public SetModeRequest(DbConnection connection, string providerName, ISqlGenerationHelper sqlGenerationHelper, ClonePlan plan, RootSelection roots)
    {
        Connection = connection;
        ProviderName = providerName;
        SqlGenerationHelper = sqlGenerationHelper;
        Plan = plan;
        Roots = roots;
    }

    /// <summary>The connection (opened by the engine if it is closed, and closed again afterwards).</summary>
    public DbConnection Connection { get; }

    /// <summary>The caller's open transaction, if any: the engine then works inside it and does not commit.</summary>
    public DbTransaction? Transaction { get; init; }

    /// <summary>The EF provider name (<c>Microsoft.EntityFrameworkCore.Sqlite</c>, <c>Npgsql.EntityFrameworkCore.PostgreSQL</c>) that picks the dialect.</summary>
    public string ProviderName { get; }

    /// <summary>The provider's own identifier quoting.</summary>
    public ISqlGenerationHelper SqlGenerationHelper { get; }

    public ClonePlan Plan { get; }

    public RootSelection Roots { get; }

    /// <summary>
    /// Per hierarchy with a global query filter: a query (EF's own translation, parameters included) selecting the keys
    /// of the rows the filter lets through. Rows outside it are not copied.
    /// </summary>
    public IReadOnlyDictionary<Schema.GraphEntity, RootSelection> RowFilters { get; init; } = new Dictionary<Schema.GraphEntity, RootSelection>();

    /// <summary>
    /// For each edge with a filtered include: the keys of the rows its filter lets through, as EF translates
    /// <c>Set&lt;T&gt;().Where(filter)</c> (the model's query filter included unless ignored); used instead of <see cref="RowFilters"/>.
    /// </summary>
    public IReadOnlyDictionary<Planning.PlanEdge, RootSelection> EdgeFilters { get; init; } = new Dictionary<Planning.PlanEdge, RootSelection>();

    /// <summary>Per value computed from the original: EF's translation of it, a query of the originals' keys and the value.</summary>
    public IReadOnlyDictionary<PlanValue, RootSelection> ComputedValues { get; init; } = new Dictionary<PlanValue, RootSelection>();

    /// <summary>Told of each statement (EF's command logging of the context set mode runs from); none for the tool.</summary>
    public ICommandObserver? CommandObserver { get; init; }

    /// <summary>Seconds each statement may run; null for the provider's default.</summary>
    public int? CommandTimeout { get; init; }
}
