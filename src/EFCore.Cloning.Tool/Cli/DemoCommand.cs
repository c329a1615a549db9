using System.CommandLine;
using EFCore.Cloning.Sql;
using EFCore.Cloning.Tool.Demo;
using EFCore.Cloning.Tool.Rendering;
using EFCore.Cloning.Tool.Selection;
using Spectre.Console;

namespace EFCore.Cloning.Tool.Cli;

/// <summary><c>efclone demo</c>: a generated SQLite database, a plan, a clone with progress, counts before and after.</summary>
internal static class DemoCommand
{
    public static Command Create(ToolConsole console)
    {
        var tasks = new Option<int>("--tasks") { Description = "Tasks per project in the demo database.", DefaultValueFactory = _ => 500 };
        var command = new Command("demo", """
            Make a realistic SQLite database in a temporary folder (users, tags, projects with a tree of tasks, comments and
            tag links), show the plan for duplicating one project, clone it with progress, and print the counts before and after.
            Example:
              efclone demo
            """);
        command.Options.Add(tasks);
        command.SetAction((parse, ct) => EfcloneApp.Guard(console, writes: true, async () =>
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
                PlanRenderer.Write(console, plan, await SetModeCloner.PreviewAsync(session.Request(connection, plan.Plan, RootSelector.Roots(session, connection, request)), ct), selected: 1);
            }

            var reporter = new ProgressReporter(console);
            plan = session.Plan(request, reporter);
            CloneResult result;
            await using (var connection = session.Database.CreateConnection())
            {
                var setMode = session.Request(connection, plan.Plan, RootSelector.Roots(session, connection, request));
                result = await reporter.RunAsync(() => SetModeCloner.ExecuteAsync(setMode, ct));
            }

            ResultRenderer.Write(console, new Transfer.CopyOutcome(result, plan, new Dictionary<string, long>()), selected: null);
            var after = await CountAsync(session);
            var table = new Table().AddColumn("table").AddColumn(new TableColumn("before").RightAligned()).AddColumn(new TableColumn("after").RightAligned());
            foreach (var name in DemoDatabase.Tables)
            {
                table.AddRow(name, before[name].ToString("N0", System.Globalization.CultureInfo.InvariantCulture), after[name].ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
            }

            console.Ansi.Write(table);
            console.Ansi.MarkupLine(Markup.Escape($"Try it yourself: efclone plan {path} tasks --where \"project_id = 2 AND parent_id IS NULL\" --include tasks,comments"));
            return EfcloneApp.Success;
        }));
        return command;
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

}
