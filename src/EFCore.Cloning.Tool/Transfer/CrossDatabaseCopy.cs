using EFCore.Cloning.Sql;
using EFCore.Cloning.Sql.Transfer;

namespace EFCore.Cloning.Tool.Transfer;

/// <summary>What a copy did: the library's result, the plan it ran and the parent rows it brought along.</summary>
internal sealed record CopyOutcome(CloneResult Result, ToolPlan Plan, IReadOnlyDictionary<string, long> Parents);

/// <summary>
/// <c>efclone copy</c> (and <c>clone</c> with masks, a copy of the database into itself): the same request planned on
/// both schemas, then the library's cross-database transfer, with the target's types, the masks and the parents.
/// </summary>
internal static class CrossDatabaseCopy
{
    /// <summary>Plans <paramref name="request"/> on both schemas and runs the transfer.</summary>
    public static async Task<CopyOutcome> RunAsync(ToolSession source, ToolSession target, CloneRequest request, IProgress<CloneProgress>? progress, CancellationToken cancellationToken)
    {
        var sourcePlan = source.Plan(request);
        foreach (var node in sourcePlan.Plan.Nodes)
        {
            if (!target.Schema.Entities.Any(e => e.DisplayName == node.Entity.DisplayName))
            {
                throw new ToolException($"The target database has no table '{node.Entity.DisplayName}': copy needs the same schema in both databases.");
            }
        }

        var targetPlan = target.Plan(request, progress);
        await using var sourceConnection = source.Database.CreateConnection();
        await using var targetConnection = target.Database.CreateConnection();
        var roots = Selection.RootSelector.Roots(source, sourceConnection, request);

        // Binary COPY needs every value in the column's exact binary type: used for the tables whose columns are all of
        // types we map (the others need casts, see TargetValues, and take INSERTs).
        var copyable = target.Database.Kind == Database.DatabaseProvider.Postgres;
        var values = new TargetValues(target, targetPlan.Columns.Masks);
        var parents = new ParentRows(source, target, targetPlan, values, request.WithParents);
        var hooks = new TransferHooks { Casts = values.Casts, Rewrite = values.Rewrite, BeforeCopy = parents.RunAsync };
        var work = () => CrossDatabaseTransfer.RunAsync(
            source.Request(sourceConnection, sourcePlan.Plan, roots),
            target.Request(targetConnection, targetPlan.Plan, new RootSelection(string.Empty, [])),
            copyable ? PostgresCopyWriter.WriteAsync : null,
            cancellationToken,
            hooks);
        var result = progress is Rendering.ProgressReporter reporter ? await reporter.RunAsync(work) : await work();
        return new CopyOutcome(result, targetPlan, parents.Inserted);
    }
}
