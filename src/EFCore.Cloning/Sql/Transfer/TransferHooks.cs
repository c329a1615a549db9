using System.Data.Common;
using EFCore.Cloning.Schema;

namespace EFCore.Cloning.Sql.Transfer;

/// <summary>What a caller of <see cref="CrossDatabaseTransfer"/> adds to a copy: typed values, rewritten rows, work before the copy.</summary>
internal sealed class TransferHooks
{
    /// <summary>
    /// Per target table and its staged columns (in row order): the SQL type each value is cast to on its way into
    /// the staging table (null: sent as it is), for types the target only parses from text (ranges, arrays, enums, jsonb).
    /// </summary>
    public Func<GraphTable, IReadOnlyList<GraphColumn>, IReadOnlyList<string?>>? Casts { get; init; }

    /// <summary>Per target table and its staged columns: a rewrite of each source row before it is staged (masking), or null.</summary>
    public Func<GraphTable, IReadOnlyList<GraphColumn>, Func<object?[], object?[]>?>? Rewrite { get; init; }

    /// <summary>Runs in both transactions once every staging table is filled, before anything is inserted into the target's tables.</summary>
    public Func<TransferContext, Task>? BeforeCopy { get; init; }
}

/// <summary>The open connections and transactions of a transfer, and the staging table (unquoted name) of each target table.</summary>
internal sealed record TransferContext(
    DbConnection Source,
    DbTransaction SourceTransaction,
    DbConnection Target,
    DbTransaction TargetTransaction,
    IReadOnlyDictionary<GraphTable, string> Staging,
    CancellationToken CancellationToken);
