using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using BenchmarkDotNet.Running;
using EFCore.Cloning.Benchmarks;
using Microsoft.EntityFrameworkCore;

// bench/run.sh drives this program:
//   run [--quick] [--sizes 1000,10000,100000] [--providers sqlite,postgres] [--cases floor,set-mode]
//                                                                                the side-by-side matrix, one child process per case
//   case <provider> <connection> <tasks> <case>                                  one measured case (used by run)
//   bdn [BenchmarkDotNet arguments]                                              BenchmarkDotNet at 1,000 tasks on SQLite
switch (args.FirstOrDefault())
{
    case "case":
        return await RunCaseAsync(args[1], args[2], int.Parse(args[3], CultureInfo.InvariantCulture), args[4]);
    case "bdn":
        BenchmarkSwitcher.FromAssembly(typeof(CloneBenchmarks).Assembly).Run(args[1..]);
        return 0;
    case "run":
        return await RunMatrixAsync(args[1..]);
    default:
        Console.Error.WriteLine("usage: run [--quick] [--sizes 1000,10000,100000] [--providers sqlite,postgres] | bdn");
        return 2;
}

static async Task<int> RunCaseAsync(string provider, string connection, int tasks, string name)
{
    var database = new Database(provider, connection) { SeededTasks = tasks };

    // One unmeasured run first, as BenchmarkDotNet's warm-up: JIT, EF's model and query compilation are paid once per
    // process by every approach, and an application pays them once, not per clone. The database is then reset.
    await Cases.RunAsync(name, database);
    await database.ResetAsync();

    GC.Collect();
    var allocatedBefore = GC.GetTotalAllocatedBytes(true);
    var stopwatch = Stopwatch.StartNew();
    await Cases.RunAsync(name, database);
    stopwatch.Stop();
    var allocated = GC.GetTotalAllocatedBytes(true) - allocatedBefore;
    Console.WriteLine(JsonSerializer.Serialize(new
    {
        seconds = stopwatch.Elapsed.TotalSeconds,
        peakWorkingSetMb = Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0,
        allocatedMb = allocated / 1048576.0,
    }));
    return 0;
}

static async Task<int> RunMatrixAsync(string[] options)
{
    var quick = options.Contains("--quick");
    var sizes = Option(options, "--sizes")?.Split(',').Select(int.Parse).ToArray() ?? (quick ? [1000] : [1000, 10000, 100000]);
    var providers = Option(options, "--providers")?.Split(',') ?? ["sqlite", "postgres"];
    var cases = Option(options, "--cases")?.Split(',') ?? Cases.All;
    var server = Environment.GetEnvironmentVariable("EFCLONE_PG_CONNECTION");
    var results = new List<(string Provider, int Tasks, string Case, double Seconds, double PeakMb, double AllocatedMb, long Rows)>();

    foreach (var provider in providers)
    {
        foreach (var tasks in sizes)
        {
            Console.Error.WriteLine($"[{provider}, {tasks:N0} tasks] seeding");
            var database = await Database.CreateAsync(provider, tasks, server);
            var expected = 1 + 13L * tasks;
            foreach (var name in cases)
            {
                // The change tracker needs many minutes for 1.3 million rows; those cases run up to 10,000 tasks.
                if (tasks > 10_000 && name is "ef-today" or "object-mode")
                {
                    continue;
                }

                await database.ResetAsync();
                var before = await TotalAsync(database);
                Console.Error.WriteLine($"[{provider}, {tasks:N0} tasks] {name}");
                var measured = await ChildAsync(provider, database.ConnectionString, tasks, name);
                var copied = await TotalAsync(database) - before;
                if (copied != expected)
                {
                    throw new InvalidOperationException($"{name} on {provider} copied {copied} rows instead of {expected}: its figures would not count.");
                }

                // The floor maps no keys by design; every real copy must keep its tree inside itself.
                if (name != "floor")
                {
                    await CheckCopyAsync(database, name, tasks);
                }

                results.Add((provider, tasks, name, measured.Seconds, measured.PeakMb, measured.AllocatedMb, copied));
            }
        }
    }

    Console.WriteLine(Report(results));
    return 0;
}

static async Task<long> TotalAsync(Database database)
    => await database.CountAsync("SELECT (SELECT count(*) FROM \"Projects\") + (SELECT count(*) FROM \"Tasks\") + (SELECT count(*) FROM \"Comments\") + (SELECT count(*) FROM \"TaskTags\")");

static async Task CheckCopyAsync(Database database, string name, int tasks)
{
    const string copy = "(SELECT max(\"Id\") FROM \"Projects\")";
    var copiedTasks = await database.CountAsync($"SELECT count(*) FROM \"Tasks\" WHERE \"ProjectId\" = {copy}");
    var outside = await database.CountAsync(
        $"SELECT count(*) FROM \"Tasks\" c LEFT JOIN \"Tasks\" p ON c.\"ParentId\" = p.\"Id\" WHERE c.\"ProjectId\" = {copy} AND c.\"ParentId\" IS NOT NULL AND p.\"ProjectId\" <> {copy}");
    var comments = await database.CountAsync($"SELECT count(*) FROM \"Comments\" m JOIN \"Tasks\" t ON m.\"TaskItemId\" = t.\"Id\" WHERE t.\"ProjectId\" = {copy}");
    var links = await database.CountAsync($"SELECT count(*) FROM \"TaskTags\" l JOIN \"Tasks\" t ON l.\"TasksId\" = t.\"Id\" WHERE t.\"ProjectId\" = {copy}");
    if (copiedTasks != tasks || outside != 0 || comments != 10L * tasks || links != 2L * tasks)
    {
        throw new InvalidOperationException(
            $"{name}'s copy is wrong: {copiedTasks} tasks, {outside} parents outside the copy, {comments} comments, {links} tag links (expected {tasks}, 0, {10 * tasks}, {2 * tasks}).");
    }
}

static async Task<(double Seconds, double PeakMb, double AllocatedMb)> ChildAsync(string provider, string connection, int tasks, string name)
{
    var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
    if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
    {
        start.ArgumentList.Add(typeof(Cases).Assembly.Location);
    }

    foreach (var argument in new[] { "case", provider, connection, tasks.ToString(CultureInfo.InvariantCulture), name })
    {
        start.ArgumentList.Add(argument);
    }

    using var process = Process.Start(start)!;
    var output = await process.StandardOutput.ReadToEndAsync();
    await process.WaitForExitAsync();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"The {name} case failed on {provider} at {tasks} tasks.");
    }

    using var json = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
    var root = json.RootElement;
    return (root.GetProperty("seconds").GetDouble(), root.GetProperty("peakWorkingSetMb").GetDouble(), root.GetProperty("allocatedMb").GetDouble());
}

static string Report(List<(string Provider, int Tasks, string Case, double Seconds, double PeakMb, double AllocatedMb, long Rows)> results)
{
    var lines = new List<string>();
    foreach (var group in results.GroupBy(r => (r.Provider, r.Tasks)))
    {
        var ef = group.FirstOrDefault(r => r.Case == "ef-today");
        var floor = group.FirstOrDefault(r => r.Case == "floor");
        lines.Add($"### {group.Key.Provider}, {group.Key.Tasks:N0} tasks ({group.First().Rows:N0} rows copied)");
        lines.Add(string.Empty);
        lines.Add("| approach | wall time (s) | rows/s | peak working set (MB) | allocated (MB) | vs EF today | vs floor |");
        lines.Add("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var r in group)
        {
            var vsEf = ef.Case is null ? "n/a" : $"{ef.Seconds / r.Seconds:0.0}x faster";
            var vsFloor = floor.Case is null ? "n/a" : $"{r.Seconds / floor.Seconds:0.00}x";
            lines.Add(FormattableString.Invariant($"| {r.Case} | {r.Seconds:0.000} | {r.Rows / r.Seconds:N0} | {r.PeakMb:0} | {r.AllocatedMb:0} | {vsEf} | {vsFloor} |"));
        }

        lines.Add(string.Empty);
    }

    return string.Join(Environment.NewLine, lines);
}

static string? Option(string[] options, string name)
{
    var index = Array.IndexOf(options, name);
    return index >= 0 && index + 1 < options.Length ? options[index + 1] : null;
}
