using System.Data.Common;
using EFCore.Cloning.Schema;

namespace EFCore.Cloning.Sql;

/// <summary>What set mode needs to know about one database's SQL: quoting, temporary tables, new keys, locking.</summary>
internal interface ISqlDialect
{
    /// <summary>Quotes one identifier with the provider's own helper.</summary>
    string Quote(string identifier);

    /// <summary>The table's name as SQL, schema-qualified when it has a schema.</summary>
    string Table(GraphTable table);

    /// <summary>Creates a temporary table that disappears with the transaction's rollback and is dropped by <see cref="DropTemp"/>.</summary>
    /// <param name="name">The table's name (unquoted).</param>
    /// <param name="columns">Each column's name as SQL (a plain identifier, or one quoted by the caller) and store type.</param>
    /// <param name="key">The primary key's column names; none for a heap (staging tables).</param>
    string CreateTemp(string name, IReadOnlyList<(string Name, string Type)> columns, IReadOnlyList<string> key);

    string DropTemp(string name);

    /// <summary>Updates the planner's statistics of a temporary table, where the database needs it to pick good joins.</summary>
    string? Analyze(string name);

    /// <summary>An insert that skips rows whose key is already present.</summary>
    string InsertIgnore(string table, string columns, string select);

    /// <summary>A row source <c>c(c)</c> numbering the copies 1..<paramref name="copiesParameter"/>.</summary>
    string CopyNumbers(string copiesParameter);

    /// <summary>
    /// Fills <c>n0</c> of the key map with new keys for a single-column store-generated key; the rows of
    /// <paramref name="selection"/> are the originals and their copy numbers.
    /// </summary>
    /// <remarks>With <c>continuing</c>, the map may already hold keys made for this node (keys made while selecting, in several steps).</remarks>
    /// <param name="map">The key map's name.</param>
    /// <param name="selection">A row source of <c>o0</c> and <c>c</c>.</param>
    /// <param name="keyTables">Every table whose keys the new keys must not repeat (TPC: each concrete table), the first one's column defining the generation.</param>
    /// <param name="generation">How the key is generated.</param>
    /// <param name="sequence">The sequence behind the key, when known.</param>
    /// <param name="continuing">Whether the map may already hold keys for this node.</param>
    string AllocateKeys(string map, string selection, IReadOnlyList<(GraphTable Table, GraphColumn Column)> keyTables, ValueGeneration generation, GraphSequence? sequence, bool continuing = false);

    /// <summary>
    /// A query returning the name of the sequence behind a store-generated key column (PostgreSQL identity and serial
    /// columns), or null where the database has none to look up.
    /// </summary>
    (string Sql, KeyValuePair<string, object?>[] Parameters)? SequenceOf(GraphTable table, GraphColumn column);

    /// <summary>
    /// Adds the keys <paramref name="source"/> selects (columns <c>o0</c>) to <paramref name="map"/> as copy 1, each with a
    /// new key made in the same statement, skipping keys already in the map.
    /// </summary>
    string AllocateWhileSelecting(string map, string source, IReadOnlyList<(GraphTable Table, GraphColumn Column)> keyTables, ValueGeneration generation, GraphSequence? sequence);

    /// <summary>
    /// The new key of a row inserted straight from its parent's key map (no key map of its own), numbered in the order
    /// of <paramref name="order"/> (an <c>ORDER BY</c> list); null where the column is left out of the insert and the
    /// database makes the key (identity, serial, sequence default).
    /// </summary>
    string? KeyOnInsert(GraphTable table, GraphColumn column, ValueGeneration generation, string order);

    /// <summary>Written between the column list and the <c>SELECT</c> when explicit values go into identity columns.</summary>
    string? OverridingSystemValue { get; }

    /// <summary>A row source <c>(gid, n)</c>: for each row of <paramref name="source"/> (columns <c>gid</c>, <c>lo</c>, <c>hi</c>), the numbers lo..hi.</summary>
    string NumberRange(string source);

    /// <summary>
    /// A condition that <paramref name="column"/> (a column of <paramref name="graphColumn"/>) holds the text
    /// <paramref name="candidate"/> as its unique index compares them, written so that the index serves it.
    /// </summary>
    string UniqueMatch(string column, string candidate, GraphColumn graphColumn, bool caseInsensitive);

    /// <summary>Equality where two nulls are equal too, in the form the database's indexes serve best.</summary>
    string SameOrBothNull(string left, string right);

    /// <summary>The first <paramref name="length"/> characters of <paramref name="expression"/>.</summary>
    string Left(string expression, string length);

    /// <summary>Starts the operation's own transaction, after taking <paramref name="locks"/> so that the snapshot sees the clones that held them before.</summary>
    Task<DbTransaction> BeginAsync(DbConnection connection, IReadOnlyList<string> locks, CancellationToken cancellationToken);

    /// <summary>Takes <paramref name="locks"/> inside the caller's transaction.</summary>
    Task LockInTransactionAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<string> locks, CancellationToken cancellationToken);

    /// <summary>Releases what <see cref="BeginAsync"/> took outside the transaction, after it ended.</summary>
    Task ReleaseAsync(DbConnection connection, IReadOnlyList<string> locks);

    /// <summary>Statements run first inside the transaction (such as deferring foreign-key checks to the commit).</summary>
    IEnumerable<string> Prologue { get; }

    /// <summary>
    /// Settings for a recursive statement that follows a tree: the planner cannot know its depth, and a plan that
    /// scans the table at each level is quadratic on deep trees.
    /// </summary>
    IReadOnlyList<string> BeforeRecursion { get; }

    /// <summary>Undoes <see cref="BeforeRecursion"/>.</summary>
    IReadOnlyList<string> AfterRecursion { get; }

    /// <summary>
    /// Settings for the unique-value search, whose candidate runs the planner cannot size: its guesses are far too
    /// large, and what they cost beyond the statements themselves (compiling them) must not follow.
    /// </summary>
    IReadOnlyList<string> BeforeUniqueSearch { get; }

    /// <summary>Undoes <see cref="BeforeUniqueSearch"/>.</summary>
    IReadOnlyList<string> AfterUniqueSearch { get; }

    /// <summary>Whether foreign keys are checked only at commit, so that inserts may come in any order.</summary>
    bool DefersForeignKeys { get; }
}
