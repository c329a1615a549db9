using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace EFCore.Cloning.Sql;

/// <summary>
/// Reports set mode's statements through EF's own command logging (<c>RelationalEventId.CommandExecuting</c> and
/// <c>CommandExecuted</c>, <c>CommandError</c>), so that <c>LogTo</c>, the context's logger factory and EF's diagnostic
/// listener show them like the statements EF runs itself.
/// </summary>
internal sealed class EfCommandLog(DbContext context) : ICommandObserver
{
    private readonly IRelationalCommandDiagnosticsLogger _logger = context.GetService<IRelationalCommandDiagnosticsLogger>();
    private readonly IRelationalConnection _connection = context.GetService<IRelationalConnection>();

    public void Executing(DbCommand command, Guid id, DateTimeOffset start)
        => _logger.CommandNonQueryExecuting(_connection, command, command.CommandText, context, id, _connection.ConnectionId, start, CommandSource.ExecuteSqlRaw);

    public void Executed(DbCommand command, Guid id, DateTimeOffset start, TimeSpan duration, int rows)
        => _logger.CommandNonQueryExecuted(_connection, command, command.CommandText, context, id, _connection.ConnectionId, rows, start, duration, CommandSource.ExecuteSqlRaw);

    public void Failed(DbCommand command, Guid id, DateTimeOffset start, TimeSpan duration, Exception exception)
        => _logger.CommandError(_connection, command, command.CommandText, context, DbCommandMethod.ExecuteNonQuery, id, _connection.ConnectionId, exception, start, duration, CommandSource.ExecuteSqlRaw);
}
