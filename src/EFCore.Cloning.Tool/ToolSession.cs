using System.Data.Common;
using EFCore.Cloning.Internal;
using EFCore.Cloning.Planning;
using EFCore.Cloning.Schema;
using EFCore.Cloning.Sql;
using EFCore.Cloning.Tool.Database;
using EFCore.Cloning.Tool.Schema;

namespace EFCore.Cloning.Tool;

/// <summary>One database, its schema as read live, and the translation of command-line options into the library's plan.</summary>
internal sealed class ToolSession
{
    private ToolSession(DatabaseProvider database, GraphSchema schema)
    {
        Database = database;
        Schema = schema;
    }

    public DatabaseProvider Database { get; }

    public GraphSchema Schema { get; }

    public static ToolSession Open(string connection, string? provider)
    {
        var database = DatabaseProvider.Open(connection, provider);
        return new ToolSession(database, LiveSchemaReader.Read(database));
    }

    public GraphEntity FindTable(string name, string option)
    {
        var matches = Schema.Entities.Where(e => e.Name.Equals(name, StringComparison.OrdinalIgnoreCase) || e.DisplayName.Equals(name, StringComparison.OrdinalIgnoreCase)).ToList();
        if (matches.Count == 1)
        {
            return matches[0];
        }

        var known = string.Join(", ", Schema.Entities.Select(e => e.Name).Order(StringComparer.Ordinal));
        throw new ToolException(matches.Count == 0
            ? $"{option}: there is no table '{name}' in the database (tables: {known})."
            : $"{option}: '{name}' names several tables ({string.Join(", ", matches.Select(m => m.Name))}); qualify it with its schema.", usage: true);
    }

    public ClonePlan Plan(CloneRequest request, IProgress<CloneProgress>? progress = null)
    {
        var root = FindTable(request.Table, "<table>");
        var options = new CloneOptions { Aggregate = request.Aggregate, Copies = request.Copies, Progress = progress, Syntax = OptionSyntax.CommandLine };
        foreach (var name in request.Include)
        {
            var table = FindTable(name, "--include");
            var navigations = Schema.Relationships.Where(r => r.Dependent == table).Select(r => r.PrincipalToDependent!).Distinct().ToList();
            if (navigations.Count == 0)
            {
                throw new ToolException($"--include: the table '{table.DisplayName}' has no foreign key, so no copied row can lead to it.", usage: true);
            }

            options.Navigations.AddRange(navigations.Select(n => new NavigationRule(EntitySelector.Any, n, CloneStrategy.Clone)));
        }

        foreach (var name in request.Skip)
        {
            var table = FindTable(name, "--skip");
            options.Navigations.AddRange(Schema.Relationships.Where(r => r.Dependent == table)
                .Select(r => new NavigationRule(EntitySelector.Any, r.PrincipalToDependent!, CloneStrategy.Skip)).Distinct());
        }

        foreach (var name in request.Share)
        {
            var table = FindTable(name, "--share");
            options.Navigations.AddRange(Schema.Relationships.Where(r => r.Principal == table && r.Dependent != table)
                .Select(r => new NavigationRule(EntitySelector.Named(r.Dependent.Name), r.DependentToPrincipal!, CloneStrategy.Share)));
        }

        foreach (var assignment in request.Set)
        {
            var (entity, property, value) = ParseSet(root, assignment);
            options.Values.Add(new ValueRule(EntitySelector.Named(entity.Name), property.Name, ValueRuleKind.Constant, value, null));
        }

        return ClonePlanner.Create(Schema, root, options);
    }

    /// <summary><c>column=value</c> on the root table, or <c>table.column=value</c> on another.</summary>
    private (GraphEntity Entity, GraphProperty Property, object? Value) ParseSet(GraphEntity root, string assignment)
    {
        var equals = assignment.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new ToolException($"--set '{assignment}' must look like column=value (or table.column=value).", usage: true);
        }

        var target = assignment[..equals].Trim();
        var text = assignment[(equals + 1)..];
        var entity = root;
        var columnName = target;
        var dot = target.LastIndexOf('.');
        if (dot > 0 && root.FindProperty(target) is null)
        {
            entity = FindTable(target[..dot], "--set");
            columnName = target[(dot + 1)..];
        }

        var property = entity.Properties.FirstOrDefault(p => p.Name.Equals(columnName, StringComparison.OrdinalIgnoreCase))
            ?? throw new ToolException(
                $"--set: the table '{entity.DisplayName}' has no column '{columnName}' (columns: {string.Join(", ", entity.Properties.Select(p => p.Name))}).", usage: true);
        return (entity, property, StoreTypes.Convert(text, property.ClrType ?? typeof(string), $"{entity.DisplayName}.{property.Name}"));
    }

    /// <summary><c>SELECT key FROM table WHERE condition</c>: the condition is the user's own SQL on their own database; the id is a parameter.</summary>
    public RootSelection Roots(DbConnection connection, CloneRequest request)
    {
        var root = FindTable(request.Table, "<table>");
        var table = root.Tables[0];
        var key = root.PrimaryKey.Properties;
        var conditions = new List<string>();
        var parameters = new List<DbParameter>();
        if (request.Id is { } id)
        {
            if (key.Count != 1)
            {
                throw new ToolException($"--id: the table '{root.DisplayName}' has a key of {key.Count} columns; select its rows with --where.", usage: true);
            }

            var parameter = connection.CreateCommand().CreateParameter();
            parameter.ParameterName = "@id";
            parameter.Value = StoreTypes.Convert(id, key[0].ClrType ?? typeof(string), $"{root.DisplayName}.{key[0].Name}") ?? DBNull.Value;
            parameters.Add(parameter);
            conditions.Add($"{Database.Quote(table.ColumnOf(key[0]))} = @id");
        }

        if (request.Where is { } where)
        {
            conditions.Add($"({where})");
        }

        if (conditions.Count == 0)
        {
            throw new ToolException("Say which rows to copy with --id <key> or --where <condition> (--where \"1=1\" copies every row).", usage: true);
        }

        var sql = $"SELECT {string.Join(", ", key.Select(k => Database.Quote(table.ColumnOf(k))))} FROM {Database.Quote(table.Table.Name, table.Table.Schema)} WHERE {string.Join(" AND ", conditions)}";
        return new RootSelection(sql, parameters);
    }

    public SetModeRequest Request(DbConnection connection, ClonePlan plan, RootSelection roots)
        => new(connection, Database.ProviderName, Database.SqlGenerationHelper, plan, roots);
}
