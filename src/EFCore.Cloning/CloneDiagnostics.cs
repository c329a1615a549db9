namespace EFCore.Cloning;

/// <summary>
/// Names under which the library reports what it does: the logger category of its events (see <see cref="CloneEventId"/>)
/// and the <see cref="System.Diagnostics.ActivitySource"/> of its traces, with one activity per clone operation.
/// </summary>
public static class CloneDiagnostics
{
    /// <summary>The logger category of the library's events, created from the context's logger factory.</summary>
    public const string LoggerCategory = "EFCore.Cloning";

    /// <summary>The name of the activity source; listen to it with <c>AddSource("EFCore.Cloning")</c> in OpenTelemetry.</summary>
    public const string ActivitySourceName = "EFCore.Cloning";

    /// <summary>Activity tag: the engine, <c>object</c> (change tracker) or <c>set</c> (inside the database).</summary>
    public const string EngineTag = "efcore.cloning.engine";

    /// <summary>Activity tag: the root's entity type, such as <c>Project</c>.</summary>
    public const string RootEntityTag = "efcore.cloning.root_entity";

    /// <summary>Activity tag: rows copied, over every table.</summary>
    public const string RowsTag = "efcore.cloning.rows";

    /// <summary>Activity tag: the tables copied into, as an array of names.</summary>
    public const string TablesTag = "efcore.cloning.tables";
}
