using System.CommandLine;

namespace EFCore.Cloning.Tool.Cli;

/// <summary>The options that select and shape a copy, shared by plan, clone and copy, and their reading into a <see cref="CloneRequest"/>.</summary>
internal static class CliOptions
{
    public static readonly Argument<string> Connection = new("connection")
    {
        Description = "The database: a PostgreSQL connection string (Host=...;Database=...) or a SQLite file path / connection string (Data Source=...).",
    };

    public static readonly Argument<string?> Table = new("table") { Description = "The table whose rows are the roots of the copy (optional with --plan).", Arity = ArgumentArity.ZeroOrOne };

    public static readonly Option<string?> Provider = new("--provider") { Description = "sqlite or postgres; recognised from the connection string when left out." };

    public static readonly Option<string?> Where = new("--where")
    {
        Description = "A SQL condition on the root table, such as \"name = 'Apollo'\". It is run as SQL against your own database: pass only conditions you trust.",
    };

    public static readonly Option<string?> Id = new("--id") { Description = "The key of the one root row to copy (passed as a parameter); a composite key comma-separated: --id 10248,11." };

    public static readonly Option<bool> Aggregate = new("--aggregate") { Description = "Clone the whole aggregate: dependents with required, cascading foreign keys, one-to-one dependents, and pure join-table links." };

    public static readonly Option<string[]> Include = new("--include") { Description = "Tables whose rows under a copied row are cloned too (comma-separated or repeated).", AllowMultipleArgumentsPerToken = true };

    public static readonly Option<string[]> Share = new("--share") { Description = "Tables that copies point at without cloning them (the default for principals)." };

    public static readonly Option<string[]> Skip = new("--skip") { Description = "Tables whose rows are left out of the copy; an optional reference to a skipped table becomes NULL." };

    public static readonly Option<string[]> Set = new("--set") { Description = "column=value (or table.column=value): the value every copy gets; repeatable." };

    public static readonly Option<string[]> Reset = new("--reset") { Description = "column (or table.column): copies get the column's default (or NULL) instead of the original's value; repeatable." };

    public static readonly Option<bool> FreshDefaults = new("--fresh-defaults") { Description = "Columns whose default is volatile (now(), CURRENT_TIMESTAMP, random(), a sequence) get a fresh value instead of the original's." };

    public static readonly Option<string[]> Mask = new("--mask") { Description = "table.column=null|constant:VALUE|email|name|phone|hash: the copies get a masked value, made from the original's (the same for the same value); repeatable." };

    public static readonly Option<string[]> ForeignKey = new("--fk") { Description = "\"orders.customer_ref -> customers.code\": a relationship the schema does not declare, followed like a foreign key; repeatable." };

    public static readonly Option<int> Copies = new("--copies") { Description = "How many copies of each root to make.", DefaultValueFactory = _ => 1 };

    public static readonly Option<string?> PlanFile = new("--plan") { Description = "Run the plan saved by 'efclone plan ... --save FILE'; options given here add to it." };

    public static readonly Option<bool> JsonOutput = new("--json") { Description = "Write a JSON report (tables, rows, selected roots, masks, elapsed time) to standard output instead of tables." };

    /// <summary>Adds the selection and value options to a command.</summary>
    public static void AddSelection(Command command)
    {
        foreach (var option in new Option[] { Provider, Where, Id, Aggregate, Include, Share, Skip, Set, Reset, FreshDefaults, Mask, ForeignKey, Copies, PlanFile })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The request from the command line, on top of the plan file given with <c>--plan</c>.</summary>
    public static CloneRequest Read(ParseResult parse)
    {
        static IReadOnlyList<string> List(string[]? values)
            => (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();

        var copies = parse.GetValue(Copies);
        if (copies < 1)
        {
            throw new ToolException($"--copies must be at least 1 (got {copies}).", usage: true);
        }

        var saved = parse.GetValue(PlanFile) is { } path ? PlanFiles.Load(path) : null;
        var table = parse.GetValue(Table) ?? saved?.Table
            ?? throw new ToolException("Say which table's rows to copy: efclone <command> <connection> <table> (or --plan FILE).", usage: true);
        return new CloneRequest(
            table,
            parse.GetValue(Where) ?? saved?.Where,
            parse.GetValue(Id) ?? saved?.Id,
            parse.GetValue(Aggregate) || saved?.Aggregate == true,
            [.. saved?.Include ?? [], .. List(parse.GetValue(Include))],
            [.. saved?.Share ?? [], .. List(parse.GetValue(Share))],
            [.. saved?.Skip ?? [], .. List(parse.GetValue(Skip))],
            [.. saved?.Set ?? [], .. parse.GetValue(Set) ?? []],
            copies == 1 && saved is not null ? saved.Copies : copies)
        {
            Reset = [.. saved?.Reset ?? [], .. List(parse.GetValue(Reset))],
            FreshDefaults = parse.GetValue(FreshDefaults) || saved?.FreshDefaults == true,
            Mask = [.. saved?.Mask ?? [], .. parse.GetValue(Mask) ?? []],
            ForeignKeys = [.. saved?.ForeignKeys ?? [], .. parse.GetValue(ForeignKey) ?? []],
        };
    }
}
