using System.Data.Common;

namespace EFCore.Cloning.Sql;

/// <summary>Told of each statement the engine runs, around its execution (EF's command logging, for a set mode run from a context).</summary>
internal interface ICommandObserver
{
    void Executing(DbCommand command, Guid id, DateTimeOffset start);

    void Executed(DbCommand command, Guid id, DateTimeOffset start, TimeSpan duration, int rows);

    void Failed(DbCommand command, Guid id, DateTimeOffset start, TimeSpan duration, Exception exception);
}
