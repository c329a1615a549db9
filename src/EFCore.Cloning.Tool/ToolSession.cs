using System.Data.Common;
using EFCore.Cloning.Internal;
using EFCore.Cloning.Planning;
using EFCore.Cloning.Schema;
using EFCore.Cloning.Sql;
using EFCore.Cloning.Tool.Database;
using EFCore.Cloning.Tool.Options;
using EFCore.Cloning.Tool.Schema;

namespace EFCore.Cloning.Tool;

/// <summary>
/// A plan and what the tool adds to it: masks, why columns get new values, notes for the plan's reader, and the
/// options that cannot take effect (refused; <c>efclone plan</c> shows them under the tree it could make).
/// </summary>
internal sealed record ToolPlan(ClonePlan Plan, ColumnOptions Columns, IReadOnlyList<string> Notes, IReadOnlyList<string> Problems);

/// <summary>One database, its schema as read live, and the translation of command-line options into the library's plan.</summary>
internal sealed class ToolSession
{
    private ToolSession(DatabaseProvider database, GraphSchema schema, IReadOnlyList<UnkeyedTable> unkeyed)
    {
        Database = database;
        Schema = schema;
        Unkeyed = unkeyed;
    }

    public DatabaseProvider Database { get; }

    public GraphSchema Schema { get; }

    /// <summary>Tables left out of <see cref="Schema"/> for having no primary key.</summary>
    public IReadOnlyList<UnkeyedTable> Unkeyed { get; }

    public static ToolSession Open(string connection, string? provider, IReadOnlyList<string>? foreignKeys = null)
    {
        var database = DatabaseProvider.Open(connection, provider);
        var (schema, unkeyed) = LiveSchemaReader.Read(database, foreignKeys ?? []);
        return new ToolSession(database, schema, unkeyed);
    }

    public GraphEntity FindTable(string name, string option)
    {
        var matches = Schema.Entities.Where(e => e.Name.Equals(name, StringComparison.OrdinalIgnoreCase) || e.DisplayName.Equals(name, StringComparison.OrdinalIgnoreCase)).ToList();
        if (matches.Count == 1)
        {
            return matches[0];
        }

        var known = string.Join(", ", Schema.Entities.Select(e => e.Name).Order(StringComparer.Ordinal));
        if (matches.Count == 0 && Unkeyed.FirstOrDefault(u => u.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) is { } unkeyed)
        {
            throw new ToolException($"{option}: the table '{unkeyed.Name}' has no primary key, so its rows cannot be told apart and efclone does not copy it.", usage: true);
        }

        throw new ToolException(matches.Count == 0
            ? $"{option}: there is no table '{name}' in the database (tables: {known})."
            : $"{option}: '{name}' names several tables ({string.Join(", ", matches.Select(m => m.Name))}); qualify it with its schema.", usage: true);
    }

    /// <param name="request">The options.</param>
    /// <param name="progress">Progress of the clone the plan is for.</param>
    /// <param name="collectProblems">List options that cannot take effect in the plan instead of refusing them (for <c>efclone plan</c>).</param>
    public ToolPlan Plan(CloneRequest request, IProgress<CloneProgress>? progress = null, bool collectProblems = false)
    {
        var problems = new List<string>();
        void Refuse(string message)
        {
            if (!collectProblems)
            {
                throw new ToolException(message, usage: true);
            }

            problems.Add(message);
        }

        var root = FindTable(request.Table, "<table>");
        var options = new CloneOptions { Aggregate = request.Aggregate, Copies = request.Copies, Progress = progress, Syntax = OptionSyntax.CommandLine };
        var notes = new List<(List<GraphEntity> Owners, string Text)>();
        if (request.Aggregate)
        {
            AggregateOwnedTwice(options, notes);
        }

        var included = new List<GraphEntity>();
        foreach (var name in request.Include)
        {
            var table = FindTable(name, "--include");
            included.Add(table);
            var navigations = Schema.Relationships.Where(r => r.Dependent == table).Select(r => r.PrincipalToDependent!).Distinct().ToList();
            options.Navigations.AddRange(navigations.Select(n => new NavigationRule(EntitySelector.Any, n, CloneStrategy.Clone)));
        }

        var skipped = request.Skip.Select(name => FindTable(name, "--skip")).ToList();
        foreach (var table in skipped)
        {
            options.Navigations.AddRange(Schema.Relationships.Where(r => r.Dependent == table)
                .Select(r => new NavigationRule(EntitySelector.Any, r.PrincipalToDependent!, CloneStrategy.Skip)).Distinct());
        }

        foreach (var name in request.Share)
        {
            var table = FindTable(name, "--share");
            options.Navigations.AddRange(Schema.Relationships.Where(r => r.Principal == table && r.Dependent != table)
                .Select(r => new NavigationRule(EntitySelector.Named(r.Dependent.Name), r.DependentToPrincipal!, CloneStrategy.Share)));
        }

        var columns = ColumnOptions.Read(this, root, request);
        options.Values.AddRange(columns.Values);
        var plan = Create(root, options);
        SkipReferences(plan, skipped, options, Refuse);
        plan = Create(root, options);
        var planned = plan.Nodes.Select(n => n.Entity).ToList();
        foreach (var table in included.Where(t => plan.Find(t) is null))
        {
            Refuse(
                $"--include {table.DisplayName}: no row of the copy leads to '{table.DisplayName}' (it has no foreign key to {string.Join(", ", planned.Select(e => e.DisplayName))}), so it cannot take effect. "
                + "Rows the copy points at are shared; copy --with-parents brings those missing in the target.");
        }

        columns.CheckReached(plan, request.WithParents).ForEach(Refuse);
        var shownNotes = notes.Where(n => n.Owners.Any(o => plan.Find(o) is not null)).Select(n => n.Text)
            .Concat(Unkeyed.Where(u => u.References.Any(r => planned.Any(e => e.DisplayName == r)))
                .Select(u => $"{u.Name}: has no primary key, so its rows that point at {string.Join(", ", u.References.Where(r => planned.Any(e => e.DisplayName == r)))} are not copied"))
            .ToList();
        return new ToolPlan(plan, columns, shownNotes, problems);
    }

    private ClonePlan Create(GraphEntity root, CloneOptions options)
    {
        try
        {
            return ClonePlanner.Create(Schema, root, options);
        }
        catch (CloneException exception)
        {
            throw new ToolException(PlannerMessages.Retell(exception.Message, Schema), usage: true);
        }
    }

    /// <summary>
    /// <c>--skip</c> of a table the copy points at: an optional reference becomes NULL on the copies; a required one
    /// cannot be left out, and is refused naming the column.
    /// </summary>
    private void SkipReferences(ClonePlan plan, List<GraphEntity> skipped, CloneOptions options, Action<string> refuse)
    {
        foreach (var table in skipped)
        {
            foreach (var relationship in Schema.Relationships.Where(r => r.Principal == table && r.Dependent != table && plan.Find(r.Dependent) is not null))
            {
                var column = $"{relationship.Dependent.DisplayName}.{relationship.DependentToPrincipal}";
                if (relationship.IsRequired)
                {
                    refuse(
                        $"--skip {table.DisplayName}: {column} is a required reference (NOT NULL), so every copy of '{relationship.Dependent.DisplayName}' needs a '{table.DisplayName}' row. "
                        + $"Leave it shared (the default: copies point at the same row) or --include it.");
                    continue;
                }

                options.Navigations.Add(new NavigationRule(EntitySelector.Named(relationship.Dependent.Name), relationship.DependentToPrincipal!, CloneStrategy.Skip));
            }
        }
    }

    /// <summary>
    /// Rows that belong to two aggregates (required, cascading foreign keys to two tables: a film's category row, an
    /// order's line of a product) are not cloned by <c>--aggregate</c> with one of them: the copy would attach itself
    /// to the other's existing rows. <c>--include</c> still clones them.
    /// </summary>
    private void AggregateOwnedTwice(CloneOptions options, List<(List<GraphEntity> Owners, string Text)> notes)
    {
        foreach (var dependent in Schema.Entities)
        {
            var owners = dependent.DependentOf.Where(r => r.IsRequired && r.IsCascadeDelete && r.JoinOf is null && !r.IsSelfReference).ToList();
            if (owners.Select(r => r.Principal.Root).Distinct().Count() < 2)
            {
                continue;
            }

            foreach (var relationship in owners)
            {
                options.Navigations.Add(new NavigationRule(EntitySelector.Named(relationship.Principal.Name), relationship.PrincipalToDependent!, CloneStrategy.Skip));
            }

            notes.Add((owners.Select(o => o.Principal).ToList(), $"{dependent.DisplayName}: not cloned by --aggregate, its rows belong to {string.Join(" and ", owners.Select(o => o.Principal.DisplayName).Distinct())} alike (--include {dependent.DisplayName} clones them)"));
        }
    }

    public SetModeRequest Request(DbConnection connection, ClonePlan plan, RootSelection roots)
        => new(connection, Database.ProviderName, Database.SqlGenerationHelper, plan, roots);
}
