using System.CommandLine;
using System.Data.Common;
using EFCore.Cloning.Sql;
using EFCore.Cloning.Tool.Demo;
using EFCore.Cloning.Tool.Rendering;
using Spectre.Console;

namespace EFCore.Cloning.Tool.Cli;

/// <summary>The <c>efclone</c> command line: plan, clone, copy and demo.</summary>
internal static class EfcloneApp
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int UsageError = 2;

    private static readonly Argument<string> Connection = new("connection")
    {
        Description = "The database: a PostgreSQL connection string (Host=...;Database=...) or a SQLite file path / connection string (Data Source=...).",
    };

    private static readonly Argument<string> TableArgument = new("table") { Description = "The table whose rows are the roots of the copy." };

    private static readonly Option<string?> Provider = new("--provider") { Description = "sqlite or postgres; recognised from the connection string when left out." };

    private static readonly Option<string?> Where = new("--where")
    {
        Description = "A SQL condition on the root table, such as \"name = 'Apollo'\". It is run as SQL against your own database: pass only conditions you trust.",
    };

    private static readonly Option<string?> Id = new("--id") { Description = "The key of the one root row to copy (passed as a parameter)." };

    private static readonly Option<bool> Aggregate = new("--aggregate") { Description = "Clone the whole aggregate: dependents with required, cascading foreign keys, one-to-one dependents, and join-table links." };

    private static readonly Option<string[]> Include = new("--include") { Description = "Tables whose rows under a copied row are cloned too (comma-separated or repeated).", AllowMultipleArgumentsPerToken = true };

    private static readonly Option<string[]> Share = new("--share") { Description = "Tables that copies point at without cloning them (the default for principals)." };

    private static readonly Option<string[]> Skip = new("--skip") { Description = "Tables whose rows are left out of the copy." };

    private static readonly Option<string[]> Set = new("--set") { Description = "column=value (or table.column=value): the value every copy gets; repeatable." };

    private static readonly Option<int> Copies = new("--copies") { Description = "How many copies of each root to make.", DefaultValueFactory = _ => 1 };

    private static readonly Option<bool> JsonOutput = new("--json") { Description = "Write a JSON report (tables, rows, root keys, elapsed time) to standard output instead of tables." };

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, bool? interactive = null, CancellationToken cancellationToken = default)
    {
        var console = new ToolConsole(output, error, interactive);
        var root = new RootCommand("efclone: duplicate rows of a SQLite or PostgreSQL database (an aggregate with its children, links and self-references) by reading its schema; no model code needed.");
        root.Subcommands.Add(PlanCommand(console));
        root.Subcommands.Add(CloneCommand(console));
        root.Subcommands.Add(CopyCommand(console));
        root.Subcommands.Add(DemoCommand(console));

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var parseError in parsed.Errors)
            {
                await error.WriteLineAsync(parseError.Message);
            }

            await error.WriteLineAsync("Run 'efclone --help' (or 'efclone <command> --help') for usage.");
            return UsageError;
        }

        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }

    private static Command PlanCommand(ToolConsole console)
    {
        var command = new Command("plan", """
            Show what a clone would copy, as a tree of tables with their row counts; writes nothing.
            Examples:
              efclone plan chinook.db artist --id 1 --include album,track
              efclone plan "Host=localhost;Database=shop" customer --where "country = 'France'" --include invoice,invoice_line
            """);
        AddCloneOptions(command, withJson: false);
        command.SetAction((parse, ct) => Guard(console, async () =>
        {
            var session = ToolSession.Open(parse.GetValue(Connection)!, parse.GetValue(Provider));
            var request = ReadRequest(parse);
            var plan = session.Plan(request);
            await using var connection = session.Database.CreateConnection();
            var counts = await SetModeCloner.PreviewAsync(session.Request(connection, plan, session.Roots(connection, request)), ct);
            PlanRenderer.Write(console, plan, counts);
            return Success;
        }));
        return command;
    }

    private static Command CloneCommand(ToolConsole console)
    {
        var command = new Command("clone", """
            Copy the selected rows and everything the options clone with them, inside the database, in one transaction:
            new keys, every foreign key inside the copy remapped, unique text values suffixed ("Apollo (copy)").
            Examples:
              efclone clone chinook.db artist --id 1 --include album,track
              efclone clone chinook.db playlist --id 1 --aggregate --set "name=Road trip"
              efclone clone "Host=localhost;Database=app" projects --where "name = 'Apollo'" --aggregate --copies 3 --json
            """);
        AddCloneOptions(command, withJson: true);
        command.SetAction((parse, ct) => Guard(console, async () =>
        {
            var session = ToolSession.Open(parse.GetValue(Connection)!, parse.GetValue(Provider));
            var request = ReadRequest(parse);
            var json = parse.GetValue(JsonOutput);
            var reporter = new ProgressReporter(console);
            var plan = session.Plan(request, json ? null : reporter);
            await using var connection = session.Database.CreateConnection();
            var setMode = session.Request(connection, plan, session.Roots(connection, request));
            var result = json
                ? await SetModeCloner.ExecuteAsync(setMode, ct)
                : await reporter.RunAsync(() => SetModeCloner.ExecuteAsync(setMode, ct));
            if (json)
            {
                ResultRenderer.WriteJson(console.Output, result);
            }
            else
            {
                ResultRenderer.Write(console, result);
            }

            return Success;
        }));
        return command;
    }

    private static Command CopyCommand(ToolConsole console)
    {
        var target = new Argument<string>("target") { Description = "The database to copy into; it must have the same tables and columns." };
        var targetProvider = new Option<string?>("--target-provider") { Description = "sqlite or postgres for the target; recognised from its connection string when left out." };
        var command = new Command("copy", """
            Copy the selected rows and everything the options clone with them from one database into another with the same
            schema (SQLite to PostgreSQL, PostgreSQL to PostgreSQL, ...), with new keys in the target, in one target transaction,
            streamed in batches. Rows the copy points at without cloning them (shared principals) must exist in the target.
            Examples:
              efclone copy chinook.db "Host=localhost;Database=chinook" artist --id 1 --include album,track
            """);
        command.Arguments.Add(Connection);
        command.Arguments.Add(target);
        command.Arguments.Add(TableArgument);
        AddSelectionOptions(command);
        command.Options.Add(targetProvider);
        command.Options.Add(JsonOutput);
        command.SetAction((parse, ct) => Guard(console, async () =>
        {
            var source = ToolSession.Open(parse.GetValue(Connection)!, parse.GetValue(Provider));
            var destination = ToolSession.Open(parse.GetValue(target)!, parse.GetValue(targetProvider));
            var request = ReadRequest(parse);
            var result = await Transfer.CrossDatabaseCopy.RunAsync(source, destination, request, parse.GetValue(JsonOutput) ? null : new ProgressReporter(console), ct);
            if (parse.GetValue(JsonOutput))
            {
                ResultRenderer.WriteJson(console.Output, result);
            }
            else
            {
                ResultRenderer.Write(console, result);
            }

            return Success;
        }));
        return command;
    }

    private static Command DemoCommand(ToolConsole console)
    {
        var tasks = new Option<int>("--tasks") { Description = "Tasks per project in the demo database.", DefaultValueFactory = _ => 500 };
        var command = new Command("demo", """
            Make a realistic SQLite database in a temporary folder (users, tags, projects with a tree of tasks, comments and
            tag links), show the plan for duplicating one project, clone it with progress, and print the counts before and after.
            Example:
              efclone demo
            """);
        command.Options.Add(tasks);
        command.SetAction((parse, ct) => Guard(console, async () =>
        {
            var path = await DemoDatabase.CreateAsync(parse.GetValue(tasks), ct);
            console.Ansi.MarkupLine(Markup.Escape($"Demo database: {path}"));
            var session = ToolSession.Open(path, "sqlite");
            var before = await CountAsync(session);
            var request = new CloneRequest("projects", null, "1", Aggregate: true, [], [], [], [], Copies: 1);

            console.Ansi.WriteLine();
            console.Ansi.MarkupLine(Markup.Escape("Plan: efclone clone demo.db projects --id 1 --aggregate"));
            var plan = session.Plan(request);
            await using (var connection = session.Database.CreateConnection())
            {
                PlanRenderer.Write(console, plan, await SetModeCloner.PreviewAsync(session.Request(connection, plan, session.Roots(connection, request)), ct));
            }

            var reporter = new ProgressReporter(console);
            plan = session.Plan(request, reporter);
            CloneResult result;
            await using (var connection = session.Database.CreateConnection())
            {
                var setMode = session.Request(connection, plan, session.Roots(connection, request));
                result = await reporter.RunAsync(() => SetModeCloner.ExecuteAsync(setMode, ct));
            }

            ResultRenderer.Write(console, result);
            var after = await CountAsync(session);
            var table = new Table().AddColumn("table").AddColumn(new TableColumn("before").RightAligned()).AddColumn(new TableColumn("after").RightAligned());
            foreach (var name in DemoDatabase.Tables)
            {
                table.AddRow(name, before[name].ToString("N0", System.Globalization.CultureInfo.InvariantCulture), after[name].ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
            }

            console.Ansi.Write(table);
            console.Ansi.MarkupLine(Markup.Escape($"Try it yourself: efclone plan {path} tasks --where \"project_id = 2 AND parent_id IS NULL\" --include tasks,comments"));
            return Success;
        }));
        return command;
    }

    private static void AddCloneOptions(Command command, bool withJson)
    {
        command.Arguments.Add(Connection);
        command.Arguments.Add(TableArgument);
        AddSelectionOptions(command);
        if (withJson)
        {
            command.Options.Add(JsonOutput);
        }
    }

    private static void AddSelectionOptions(Command command)
    {
        foreach (var option in new Option[] { Provider, Where, Id, Aggregate, Include, Share, Skip, Set, Copies })
        {
            command.Options.Add(option);
        }
    }

    private static CloneRequest ReadRequest(ParseResult parse)
    {
        static IReadOnlyList<string> List(string[]? values)
            => (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();

        var copies = parse.GetValue(Copies);
        if (copies < 1)
        {
            throw new ToolException($"--copies must be at least 1 (got {copies}).", usage: true);
        }

        return new CloneRequest(
            parse.GetValue(TableArgument)!,
            parse.GetValue(Where),
            parse.GetValue(Id),
            parse.GetValue(Aggregate),
            List(parse.GetValue(Include)),
            List(parse.GetValue(Share)),
            List(parse.GetValue(Skip)),
            parse.GetValue(Set) ?? [],
            copies);
    }

    private static async Task<Dictionary<string, long>> CountAsync(ToolSession session)
    {
        var counts = new Dictionary<string, long>();
        await using var connection = session.Database.CreateConnection();
        await connection.OpenAsync();
        foreach (var table in DemoDatabase.Tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT count(*) FROM {session.Database.Quote(table)}";
            counts[table] = Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }

        return counts;
    }

    /// <summary>Turns failures into a message naming what is at fault and the exit code: 2 for usage, 1 for the rest.</summary>
    private static async Task<int> Guard(ToolConsole console, Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (ToolException exception)
        {
            await console.Error.WriteLineAsync($"error: {exception.Message}");
            return exception.IsUsage ? UsageError : Failure;
        }
        catch (CloneException exception)
        {
            await console.Error.WriteLineAsync($"error: {exception.Message}");
            return Failure;
        }
        catch (DbException exception)
        {
            await console.Error.WriteLineAsync($"error: the database refused the operation, nothing was written: {exception.Message}");
            return Failure;
        }
        catch (OperationCanceledException)
        {
            await console.Error.WriteLineAsync("cancelled: nothing was written.");
            return Failure;
        }
    }
}
