using System.Data.Common;

namespace EFCore.Cloning.Sql;

/// <summary>
/// A <c>SELECT</c> that yields the key columns of the roots to copy, in primary-key order, with its parameters.
/// Built from an <c>IQueryable</c> by EF's own translation, or by the tool from a table and a condition.
/// </summary>
/// <param name="Sql">The query text; its columns are the root entity's key columns, in key order.</param>
/// <param name="Parameters">The parameters <paramref name="Sql"/> refers to; they move to the engine's command.</param>
internal sealed record RootSelection(string Sql, IReadOnlyList<DbParameter> Parameters);
