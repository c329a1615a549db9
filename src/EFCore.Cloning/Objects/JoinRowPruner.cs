using EFCore.Cloning.Planning;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace EFCore.Cloning.Objects;

/// <summary>Where the plan links copies to copies only (both ends of a many-to-many copied), drops the join rows whose other end stays behind.</summary>
internal static class JoinRowPruner
{
    /// <summary>Drops the join rows whose other end is not copied, where the plan links copies to copies only.</summary>
    public static void Prune(DbContext context, ClonePlan plan, Dictionary<PlanNode, List<OriginalRow>> nodeRows, Dictionary<(IEntityType Root, RowKey Key), OriginalRow> rows)
    {
        foreach (var node in plan.Nodes.Where(n => n.RequiredPrincipals.Count > 0))
        {
            var foreignKeys = node.RequiredPrincipals.Select(r =>
            {
                var dependent = context.Model.FindEntityType(r.Dependent.Name)!;
                return dependent.FindForeignKeys(r.ForeignKey.Select(p => dependent.FindProperty(p.Name)!).ToList()).First(fk => fk.PrincipalEntityType.Name == r.Principal.Name);
            }).ToList();
            foreach (var row in nodeRows[node].ToList())
            {
                if (foreignKeys.Any(fk => row.ValuesOf(fk.Properties) is var key && (key.HasNull || !rows.ContainsKey((fk.PrincipalEntityType.GetRootType(), key)))))
                {
                    nodeRows[node].Remove(row);
                    rows.Remove((row.EntityType.GetRootType(), row.Key));
                }
            }
        }
    }
}
