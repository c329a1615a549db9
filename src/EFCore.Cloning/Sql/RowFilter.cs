using System.Data.Common;

namespace EFCore.Cloning.Sql;

/// <summary>
/// The keys of the rows an edge may reach, as EF translated them (a filtered include, or the target's query filter):
/// the query, the names of its key columns in key order, and its parameters.
/// </summary>
internal sealed record RowFilter(string Sql, IReadOnlyList<string> Columns, IReadOnlyList<DbParameter> Parameters);
