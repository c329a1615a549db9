using System.CommandLine;
using EFCore.Cloning.Sql;
using EFCore.Cloning.Tool.Rendering;
using EFCore.Cloning.Tool.Selection;
using EFCore.Cloning.Tool.Transfer;
using IAnsiConsoleExtensions = Spectre.Console.AnsiConsoleExtensions;
using static EFCore.Cloning.Tool.Cli.CliOptions;

namespace EFCore.Cloning.Tool.Cli;

/// <summary><c>efclone plan</c>, <c>clone</c> and <c>copy</c>.</summary>
internal static class CopyCommands
{
    /// <summary><c>efclone plan</c>: the tree, the new values, the problems; writes nothing (but <c>--save</c>).</summary>
    public static Command Plan(ToolConsole console)
    {
        var save = new Option<string?>("--save") { Description = "Write the plan (selection, includes, skips, sets, masks, virtual foreign keys) to this JSON file, for 'clone --plan' or 'copy --plan'." };
        var command = new Command("plan", """
            Show what a clone would copy, as a tree of tables with their row counts, which columns get new values and why; writes nothing.
            Examples:
              efclone plan chinook.db artist --id 1 --include album,track
              efclone plan "Host=localhost;Database=shop" customer --where "country = 'France'" --include invoice,invoice_line --save plan.json
            """);
        command.Arguments.Add(Connection);
        command.Arguments.Add(Table);
        AddSelection(command);
        command.Options.Add(save);
        command.SetAction((parse, ct) => EfcloneApp.Guard(console, writes: false, async () =>
        {
            var request = Read(parse);
            var session = ToolSession.Open(parse.GetValue(Connection)!, parse.GetValue(Provider), request.ForeignKeys);
            var plan = session.Plan(request, collectProblems: true);
            var problems = plan.Problems.ToList();
            var selected = 0L;
            try
            {
                (selected, _) = await RootSelector.SelectedAsync(session, request, keys: false, ct);
            }
            catch (ToolException exception) when (exception.IsUsage)
            {
                problems.Add(exception.Message);
            }

            await using var connection = session.Database.CreateConnection();
            var counts = await SetModeCloner.PreviewAsync(session.Request(connection, plan.Plan, RootSelector.Roots(session, connection, request)), ct);
            PlanRenderer.Write(console, plan, counts, selected);
            if (problems.Count > 0)
            {
                // The tree as far as it goes, then what a clone or copy with these options would refuse.
                foreach (var problem in problems)
                {
                    await console.Error.WriteLineAsync($"error: {problem}");
                }

                return EfcloneApp.UsageError;
            }

            if (parse.GetValue(save) is { } path)
            {
                PlanFiles.Save(path, request);
                IAnsiConsoleExtensions.WriteLine(console.Ansi, $"Plan saved to {path}; run it with: efclone clone|copy ... --plan {path}");
            }

            return EfcloneApp.Success;
        }));
        return command;
    }

    /// <summary><c>efclone clone</c>: inside the database (through the tool when masks apply).</summary>
    public static Command Clone(ToolConsole console)
    {
        var command = new Command("clone", """
            Copy the selected rows and everything the options clone with them, inside the database, in one transaction:
            new keys, every foreign key inside the copy remapped, unique text values suffixed ("Apollo (copy)"); every other
            value as it is, unless --set, --reset, --fresh-defaults or --mask says otherwise.
            Examples:
              efclone clone chinook.db artist --id 1 --include album,track
              efclone clone chinook.db playlist --id 1 --aggregate --set "name=Road trip"
              efclone clone "Host=localhost;Database=app" projects --where "name = 'Apollo'" --aggregate --copies 3 --json
            """);
        command.Arguments.Add(Connection);
        command.Arguments.Add(Table);
        AddSelection(command);
        command.Options.Add(JsonOutput);
        command.SetAction((parse, ct) => EfcloneApp.Guard(console, writes: true, async () =>
        {
            var request = Read(parse);
            var session = ToolSession.Open(parse.GetValue(Connection)!, parse.GetValue(Provider), request.ForeignKeys);
            var json = parse.GetValue(JsonOutput);
            var reporter = json ? null : new ProgressReporter(console);
            var checkedPlan = session.Plan(request);
            var (_, selected) = await RootSelector.SelectedAsync(session, request, keys: SelfReferencing(checkedPlan), ct);
            CloneResult result;
            if (checkedPlan.Columns.Masks.Count > 0)
            {
                result = (await SelfCopy.RunAsync(parse.GetValue(Connection)!, parse.GetValue(Provider), request, reporter, ct)).Result;
            }
            else
            {
                var plan = session.Plan(request, reporter);
                await using var connection = session.Database.CreateConnection();
                var setMode = session.Request(connection, plan.Plan, RootSelector.Roots(session, connection, request));
                result = reporter is null ? await SetModeCloner.ExecuteAsync(setMode, ct) : await reporter.RunAsync(() => SetModeCloner.ExecuteAsync(setMode, ct));
            }

            Report(console, json, new CopyOutcome(result, checkedPlan, new Dictionary<string, long>()), selected);
            return EfcloneApp.Success;
        }));
        return command;
    }

    /// <summary><c>efclone copy</c>: into another database of the same schema, with <c>--with-parents</c>.</summary>
    public static Command Copy(ToolConsole console)
    {
        var target = new Argument<string>("target") { Description = "The database to copy into; it must have the same tables and columns." };
        var targetProvider = new Option<string?>("--target-provider") { Description = "sqlite or postgres for the target; recognised from its connection string when left out." };
        var withParents = new Option<bool>("--with-parents") { Description = "Also copy the rows the copied rows point at (following foreign keys upward) that the target lacks, with their own keys." };
        var command = new Command("copy", """
            Copy the selected rows and everything the options clone with them from one database into another with the same
            schema (SQLite to PostgreSQL, PostgreSQL to PostgreSQL, ...), with new keys in the target, in one target transaction,
            streamed in batches; every other value as it is, unless --set, --reset or --mask says otherwise. Rows the copy
            points at without cloning them (shared principals) must exist in the target, or come along with --with-parents.
            Examples:
              efclone copy chinook.db "Host=localhost;Database=chinook" artist --id 1 --include album,track
              efclone copy "Host=prod;Database=shop" "Host=localhost;Database=support" customer --id 42 --include rental --with-parents --mask customer.email=email
            """);
        command.Arguments.Add(Connection);
        command.Arguments.Add(target);
        command.Arguments.Add(Table);
        AddSelection(command);
        command.Options.Add(targetProvider);
        command.Options.Add(withParents);
        command.Options.Add(JsonOutput);
        command.SetAction((parse, ct) => EfcloneApp.Guard(console, writes: true, async () =>
        {
            var request = Read(parse) with { WithParents = parse.GetValue(withParents) };
            var source = ToolSession.Open(parse.GetValue(Connection)!, parse.GetValue(Provider), request.ForeignKeys);
            var destination = ToolSession.Open(parse.GetValue(target)!, parse.GetValue(targetProvider), request.ForeignKeys);
            var json = parse.GetValue(JsonOutput);
            var (_, selected) = await RootSelector.SelectedAsync(source, request, keys: SelfReferencing(source.Plan(request)), ct);
            var outcome = await CrossDatabaseCopy.RunAsync(source, destination, request, json ? null : new ProgressReporter(console), ct);
            Report(console, json, outcome, selected);
            return EfcloneApp.Success;
        }));
        return command;
    }

    /// <summary>Rows of the root table reached from copied rows (employees under an employee) are copied too, but are not roots.</summary>
    private static bool SelfReferencing(ToolPlan plan) => plan.Plan.Root.Incoming.Count > 0;

    private static void Report(ToolConsole console, bool json, CopyOutcome outcome, IReadOnlySet<string>? selected)
    {
        if (json)
        {
            ResultRenderer.WriteJson(console.Output, outcome, selected);
        }
        else
        {
            ResultRenderer.Write(console, outcome, selected);
        }
    }
}
