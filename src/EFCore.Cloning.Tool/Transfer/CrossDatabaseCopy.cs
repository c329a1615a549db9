using EFCore.Cloning.Sql;
using EFCore.Cloning.Sql.Transfer;

namespace EFCore.Cloning.Tool.Transfer;

/// <summary><c>efclone copy</c>: the same request planned on both schemas, then the library's cross-database transfer.</summary>
internal static class CrossDatabaseCopy
{
    public static async Task<CloneResult> RunAsync(ToolSession source, ToolSession target, CloneRequest request, IProgress<CloneProgress>? progress, CancellationToken cancellationToken)
    {
        var sourcePlan = source.Plan(request);
        foreach (var node in sourcePlan.Nodes)
        {
            if (!target.Schema.Entities.Any(e => e.DisplayName == node.Entity.DisplayName))
            {
                throw new ToolException($"The target database has no table '{node.Entity.DisplayName}': copy needs the same schema in both databases.");
            }
        }

        var targetPlan = target.Plan(request, progress);
        await using var sourceConnection = source.Database.CreateConnection();
        await using var targetConnection = target.Database.CreateConnection();
        var roots = source.Roots(sourceConnection, request);

        // Binary COPY needs every value in the column's exact binary type: used when every column's type is one we map.
        var copyable = target.Database.Kind == Database.DatabaseProvider.Postgres
                       && target.Schema.Tables.All(t => t.Columns.All(c => Schema.StoreTypes.IsBinaryCopySafe(c.StoreType)));
        var work = () => CrossDatabaseTransfer.RunAsync(
            source.Request(sourceConnection, sourcePlan, roots),
            target.Request(targetConnection, targetPlan, new RootSelection(string.Empty, [])),
            copyable ? PostgresCopyWriter.WriteAsync : null,
            cancellationToken);
        return progress is Rendering.ProgressReporter reporter ? await reporter.RunAsync(work) : await work();
    }
}
