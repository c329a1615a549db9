namespace EFCore.Cloning;

/// <summary>What a clone operation did: rows copied per table, how long it took, and which copy each original became.</summary>
public class CloneResult
{
    internal CloneResult(
        IReadOnlyDictionary<string, long> tables,
        IReadOnlyList<KeyMapping> roots,
        IReadOnlyList<KeyMapping>? rows,
        TimeSpan elapsed)
    {
        Tables = tables;
        Roots = roots;
        Rows = rows;
        Elapsed = elapsed;
    }

    /// <summary>Rows inserted per table (schema-qualified where the table has a schema); a TPT row counts once in each of its tables.</summary>
    public IReadOnlyDictionary<string, long> Tables { get; }

    /// <summary>All rows inserted, over every table.</summary>
    public long TotalRows => Tables.Values.Sum();

    /// <summary>The original-to-copy keys of the roots, in the order the roots were copied.</summary>
    public IReadOnlyList<KeyMapping> Roots { get; }

    /// <summary>The original-to-copy keys of every copied row, when requested with <c>MapAllRows()</c>; otherwise null.</summary>
    public IReadOnlyList<KeyMapping>? Rows { get; }

    /// <summary>Wall time of the whole operation.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>
    /// A dry run (<c>DryRun()</c>): <see cref="Tables"/> counts the rows the clone would copy, and nothing was written
    /// (<see cref="Roots"/> is empty).
    /// </summary>
    public bool IsDryRun { get; init; }

    /// <summary>Set mode: the key mappings of the nodes whose types have commit hooks, read before the commit.</summary>
    internal IReadOnlyList<KeyMapping> HookRows { get; init; } = [];
}

/// <summary>The result of an object-mode clone that was saved: the copy itself, plus what <see cref="CloneResult"/> tells.</summary>
/// <typeparam name="TEntity">The root's entity type.</typeparam>
public sealed class CloneResult<TEntity> : CloneResult
    where TEntity : class
{
    internal CloneResult(
        TEntity copy,
        IReadOnlyDictionary<string, long> tables,
        IReadOnlyList<KeyMapping> roots,
        IReadOnlyList<KeyMapping>? rows,
        TimeSpan elapsed)
        : base(tables, roots, rows, elapsed)
    {
        Copy = copy;
    }

    /// <summary>The copy of the root, saved, with its new key.</summary>
    public TEntity Copy { get; }
}

/// <summary>One original row and its copy, by key.</summary>
/// <param name="Entity">The entity type of the row's hierarchy (its root type, in both engines), or the table.</param>
/// <param name="Original">The original's key values, in key order.</param>
/// <param name="Copy">The copy's key values, in key order.</param>
/// <param name="CopyNumber">Which copy this is (1 unless several copies were asked for).</param>
public sealed record KeyMapping(string Entity, IReadOnlyList<object?> Original, IReadOnlyList<object?> Copy, int CopyNumber = 1)
{
    /// <summary>The original's key when it is a single value.</summary>
    public object? OriginalKey => Original.Count == 1 ? Original[0] : throw new InvalidOperationException($"The key of '{Entity}' has {Original.Count} parts; use Original.");

    /// <summary>The copy's key when it is a single value.</summary>
    public object? CopyKey => Copy.Count == 1 ? Copy[0] : throw new InvalidOperationException($"The key of '{Entity}' has {Copy.Count} parts; use Copy.");

    // Printed from the key lists, so that a composite key prints instead of throwing from OriginalKey.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"Entity = {Entity}, Original = ({string.Join(", ", Original)}), Copy = ({string.Join(", ", Copy)}), CopyNumber = {CopyNumber}");
        return true;
    }
}
