using EFCore.Cloning.Internal;
using EFCore.Cloning.Planning;
using EFCore.Cloning.Schema;
using EFCore.Cloning.Tool.Database;
using EFCore.Cloning.Tool.Masking;
using EFCore.Cloning.Tool.Schema;
using Npgsql;
using NpgsqlTypes;

namespace EFCore.Cloning.Tool.Options;

/// <summary>
/// <c>--set</c>, <c>--reset</c>, <c>--fresh-defaults</c> and <c>--mask</c>: which columns copies get new values for,
/// refused when the value cannot take effect (a generated column, a table the copy does not reach).
/// </summary>
internal sealed class ColumnOptions
{
    private readonly List<(string Option, string Text, GraphEntity Entity)> _targets = [];

    /// <summary>The planner's value rules (<c>--set</c>, <c>--reset</c>, <c>--fresh-defaults</c>).</summary>
    public List<ValueRule> Values { get; } = [];

    /// <summary>The masks, applied to rows on their way into the target.</summary>
    public List<MaskRule> Masks { get; } = [];

    /// <summary>Per column that gets a value other than the original's: why, for the plan.</summary>
    public Dictionary<GraphProperty, string> Reasons { get; } = [];

    /// <summary>The options as rules for the planner; <see cref="CheckReached"/> then refuses those the plan never reaches.</summary>
    public static ColumnOptions Read(ToolSession session, GraphEntity root, CloneRequest request)
    {
        var options = new ColumnOptions();
        foreach (var assignment in request.Set)
        {
            var (target, text) = Split(assignment, "--set", "column=value (or table.column=value)");
            var (entity, property) = Resolve(session, root, target, "--set");
            var value = Typed(session.Database, property, entity, text);
            options.Values.Add(new ValueRule(EntitySelector.Named(entity.Name), property.Name, ValueRuleKind.Constant, value, null));
            options.Reasons[property] = $"set to {text ?? "NULL"} (--set)";
            options._targets.Add(("--set", assignment, entity));
        }

        foreach (var target in request.Reset)
        {
            var (entity, property) = Resolve(session, root, target, "--reset");
            if (!property.IsNullable && property.DefaultValueSql is null && !property.IsKey)
            {
                throw new ToolException($"--reset {target}: '{entity.DisplayName}.{property.Name}' is NOT NULL and has no default, so it has no value to reset to; give one with --set {property.Name}=...", usage: true);
            }

            options.Values.Add(new ValueRule(EntitySelector.Named(entity.Name), property.Name, ValueRuleKind.Reset, null, null));
            options.Reasons[property] = property.DefaultValueSql is { } sql ? $"default {sql} (--reset)" : "NULL (--reset)";
            options._targets.Add(("--reset", target, entity));
        }

        if (request.FreshDefaults)
        {
            foreach (var property in session.Schema.Entities.SelectMany(e => e.Properties).Where(p => !p.IsKey && StoreTypes.IsVolatileDefault(p.DefaultValueSql) && !options.Reasons.ContainsKey(p)))
            {
                options.Values.Add(new ValueRule(EntitySelector.Named(property.DeclaringEntity.Name), property.Name, ValueRuleKind.Reset, null, null));
                options.Reasons[property] = $"fresh default {property.DefaultValueSql} (--fresh-defaults: the default is volatile)";
            }
        }

        foreach (var assignment in request.Mask)
        {
            var (target, kind) = Split(assignment, "--mask", $"table.column=kind ({string.Join("|", MaskRule.Kinds)})");
            var (entity, property) = Resolve(session, root, target, "--mask");
            if (property.IsKey || entity.DependentOf.Any(r => r.ForeignKey.Contains(property)))
            {
                throw new ToolException($"--mask {assignment}: '{entity.DisplayName}.{property.Name}' is a key or a foreign key; copies get their keys from the copy itself.", usage: true);
            }

            options.Masks.Add(ParseMask(entity, property, kind ?? string.Empty, assignment));
            options._targets.Add(("--mask", assignment, entity));
            options.Reasons[property] = $"masked: {options.Masks[^1].Describe} (--mask)";
        }

        return options;
    }

    /// <summary>Values for tables the copy has no rows of cannot take effect: one message per option, naming it (masks also apply to parents a copy brings).</summary>
    public List<string> CheckReached(ClonePlan plan, bool withParents)
        => _targets.Where(t => plan.Find(t.Entity) is null && !(withParents && t.Option == "--mask"))
            .Select(t => $"{t.Option} {t.Text}: the copy has no rows of '{t.Entity.DisplayName}' (it copies {string.Join(", ", plan.Nodes.Select(n => n.Entity.DisplayName))}), so the value cannot take effect.")
            .ToList();

    private static MaskRule ParseMask(GraphEntity entity, GraphProperty property, string kind, string assignment)
    {
        if (kind.StartsWith("constant:", StringComparison.OrdinalIgnoreCase))
        {
            var text = kind["constant:".Length..];
            return new MaskRule(entity, property, "constant", StoreTypes.Convert(text, property.ClrType ?? typeof(string), $"{entity.DisplayName}.{property.Name}"));
        }

        var name = kind.ToLowerInvariant();
        if (!MaskRule.Kinds.Contains(name))
        {
            throw new ToolException($"--mask {assignment}: '{kind}' is not a mask (masks: {string.Join(", ", MaskRule.Kinds)}).", usage: true);
        }

        if (name == "null" && !property.IsNullable)
        {
            throw new ToolException($"--mask {assignment}: '{entity.DisplayName}.{property.Name}' is NOT NULL; use constant:VALUE or another mask.", usage: true);
        }

        if (name != "null" && property.ClrType != typeof(string))
        {
            throw new ToolException($"--mask {assignment}: '{entity.DisplayName}.{property.Name}' is not a text column ({property.ClrType?.Name}); use null or constant:VALUE.", usage: true);
        }

        return new MaskRule(entity, property, name, null);
    }

    private static (string Target, string? Text) Split(string assignment, string option, string form)
    {
        var equals = assignment.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new ToolException($"{option} '{assignment}' must look like {form}.", usage: true);
        }

        var text = assignment[(equals + 1)..];
        return (assignment[..equals].Trim(), text.Equals("null", StringComparison.OrdinalIgnoreCase) && option == "--set" ? null : text);
    }

    /// <summary><c>column</c> of the root table, or <c>table.column</c>; refused when the database computes it or the copy never reaches its table.</summary>
    public static (GraphEntity Entity, GraphProperty Property) Resolve(ToolSession session, GraphEntity root, string target, string option)
    {
        var entity = root;
        var columnName = target;
        var dot = target.LastIndexOf('.');
        if (dot > 0 && !root.Properties.Any(p => p.Name.Equals(target, StringComparison.OrdinalIgnoreCase)))
        {
            entity = session.FindTable(target[..dot], option);
            columnName = target[(dot + 1)..];
        }

        var property = entity.Properties.FirstOrDefault(p => p.Name.Equals(columnName, StringComparison.OrdinalIgnoreCase))
            ?? throw new ToolException(
                $"{option}: the table '{entity.DisplayName}' has no column '{columnName}' (columns: {string.Join(", ", entity.Properties.Select(p => p.Name))}).", usage: true);
        if (property.Generation == ValueGeneration.Computed)
        {
            throw new ToolException(
                $"{option} {target}: '{entity.DisplayName}.{property.Name}' is a generated column: the database computes it from the row, so a value given to copies cannot take effect.", usage: true);
        }

        return (entity, property);
    }

    /// <summary>A command-line value in the column's type; for PostgreSQL text and types only the database parses, text it types itself.</summary>
    private static object? Typed(DatabaseProvider database, GraphProperty property, GraphEntity entity, string? text)
    {
        if (text is not null && database.Kind == DatabaseProvider.Postgres && (property.ClrType == typeof(object) || property.ClrType == typeof(string)))
        {
            // Sent as untyped text, which PostgreSQL reads in the column's own type (jsonb, a domain, citext, an enum, a range).
            return new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Unknown, Value = text };
        }

        return StoreTypes.Convert(text, property.ClrType ?? typeof(string), $"{entity.DisplayName}.{property.Name}");
    }
}
