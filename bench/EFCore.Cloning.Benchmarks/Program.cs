using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using BenchmarkDotNet.Running;
using EFCore.Cloning.Benchmarks;
using EFCore.Cloning.Benchmarks.Contracts;

// bench/run.sh drives this program:
//   run [--quick] [--sizes 1000,10000,100000] [--providers sqlite,postgres] [--workloads planner,contracts] [--cases ...] [--profile] [--cold]
//                                                              the side-by-side matrix, one child process per case, then the targets
//   case <workload> <provider> <connection> <size> <case> measure|profile warm|cold   one measured (or profiled) case (used by run)
//   report <run output.md> ...                                  the tables and targets of separate runs, merged
//   bdn [BenchmarkDotNet arguments]                            BenchmarkDotNet at 1,000 tasks on SQLite (workload 1)
switch (args.FirstOrDefault())
{
    case "case":
        return await RunCaseAsync(Workloads.Find(args[1]), args[2], args[3], int.Parse(args[4], CultureInfo.InvariantCulture), args[5], args[6] == "profile", args[7] == "cold");
    case "bdn":
        BenchmarkSwitcher.FromAssembly(typeof(CloneBenchmarks).Assembly).Run(args[1..]);
        return 0;
    case "run":
        return await RunMatrixAsync(args[1..]);
    case "report":
        var parsed = args[1..].SelectMany(File.ReadLines).ToList();
        var merged = Report.Parse(parsed);
        Console.WriteLine(Report.Tables(merged));
        Console.WriteLine(Report.Targets(merged));
        return 0;
    default:
        Console.Error.WriteLine("usage: run [--quick] [--sizes 1000,10000,100000] [--providers sqlite,postgres] [--workloads planner,contracts] [--cases ...] [--profile] [--cold] | bdn");
        return 2;
}

static async Task<int> RunCaseAsync(IWorkload workload, string provider, string connection, int size, string name, bool profile, bool cold)
{
    var database = workload.Open(provider, connection, size);

    // Made before the warm-up, so that the warm-up's statements are the same as the measured run's.
    using var profiler = profile ? new Profiler() : null;

    // One unmeasured run first, as BenchmarkDotNet's warm-up: JIT, EF's model and query compilation are paid once per
    // process by every approach, and an application pays them once, not per clone. The database is then reset.
    // --cold skips it where one run takes many minutes and JIT is noise.
    if (!cold)
    {
        await database.RunAsync(name);
        await database.ResetAsync();
    }

    profiler?.Clear();

    // As BenchmarkDotNet does between runs: the warm-up's garbage and its finalizers (EF's compiled delegates) done
    // before the clock starts, not on the finalizer thread racing the measured run for the two cores. The first context
    // after a forced collection then pays EF's service resolution again (13-44 ms measured on SQLite), which an
    // application's contexts, coming after no forced collection, do not: one context is made and dropped first.
    GC.Collect();
    GC.WaitForPendingFinalizers();
    GC.Collect();
    await database.TouchContextAsync();
    using var allocations = Environment.GetEnvironmentVariable("EFCLONE_ALLOCATIONS") == "1" ? new AllocationListener() : null;
    if (allocations is not null)
    {
        allocations.Recording = true;
    }

    var allocatedBefore = GC.GetTotalAllocatedBytes(true);
    var stopwatch = Stopwatch.StartNew();
    if (profiler is not null)
    {
        profiler.Start = DateTimeOffset.UtcNow;
    }

    await database.RunAsync(name);
    stopwatch.Stop();
    var allocated = GC.GetTotalAllocatedBytes(true) - allocatedBefore;
    if (allocations is not null)
    {
        allocations.Recording = false;
        foreach (var line in allocations.Report(45))
        {
            Console.Error.WriteLine("allocations: " + line);
        }
    }

    foreach (var line in profiler?.Report(DateTimeOffset.UtcNow) ?? [])
    {
        Console.WriteLine("profile: " + line);
    }

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
    var profile = options.Contains("--profile");
    var cold = options.Contains("--cold");
    var sizes = Option(options, "--sizes")?.Split(',').Select(int.Parse).ToArray() ?? (quick ? [1000] : [1000, 10000, 100000]);
    var providers = Option(options, "--providers")?.Split(',') ?? ["sqlite", "postgres"];
    var workloads = Option(options, "--workloads")?.Split(',').Select(Workloads.Find).ToArray() ?? Workloads.All;
    var only = Option(options, "--cases")?.Split(',');
    var server = Environment.GetEnvironmentVariable("EFCLONE_PG_CONNECTION");
    var results = new List<Result>();
    var profiles = new List<string>();

    foreach (var workload in workloads)
    {
        foreach (var provider in providers)
        {
            foreach (var size in sizes)
            {
                var cases = workload.Cases.Where(c => only is null || only.Contains(c))
                    .Where(c => size <= 10_000 || !workload.TrackerCases.Contains(c)).ToList();
                if (cases.Count == 0)
                {
                    continue;
                }

                Console.Error.WriteLine($"[{workload.Name}, {provider}, {size:N0}] seeding");
                var database = await workload.CreateAsync(provider, size, server);
                var expected = workload.ExpectedRows(size);
                var fingerprints = new Dictionary<string, string>();
                var measuredHere = new List<Result>();
                foreach (var name in cases)
                {
                    await database.ResetAsync();
                    var before = await database.TotalAsync();
                    Console.Error.WriteLine($"[{workload.Name}, {provider}, {size:N0}] {name}");
                    var (measured, _) = await ChildAsync(workload, provider, database.ConnectionString, size, name, profile: false, cold);
                    var copied = await database.TotalAsync() - before;
                    if (copied != expected)
                    {
                        throw new InvalidOperationException($"{name} on {provider} copied {copied} rows instead of {expected}: its figures would not count.");
                    }

                    if (await database.CheckAsync(name) is { } fingerprint)
                    {
                        fingerprints[name] = fingerprint;
                    }

                    measuredHere.Add(new Result(workload.Name, provider, size, name, measured.Seconds, measured.PeakMb, measured.AllocatedMb, copied, ""));
                    if (profile && name is "set-mode" or "object-mode" or "hand-sql")
                    {
                        await database.ResetAsync();
                        var (_, lines) = await ChildAsync(workload, provider, database.ConnectionString, size, name, profile: true, cold);
                        profiles.Add($"#### {workload.Name}, {provider}, {size:N0}: {name}");
                        profiles.Add(string.Empty);
                        profiles.Add("```");
                        profiles.AddRange(lines);
                        profiles.Add("```");
                        profiles.Add(string.Empty);
                    }
                }

                results.AddRange(measuredHere.Select(r => r with { SameRows = SameRows(fingerprints, r.Case) }));
            }
        }
    }

    if (Directory.Exists(Database.SqliteDirectory))
    {
        Directory.Delete(Database.SqliteDirectory, recursive: true);
    }

    Console.WriteLine(Report.Tables(results));
    Console.WriteLine(Report.Targets(results));
    if (profiles.Count > 0)
    {
        Console.WriteLine("### Set-mode and object-mode profiles (a separate, profiled run each)");
        Console.WriteLine();
        Console.WriteLine(string.Join(Environment.NewLine, profiles));
    }

    return 0;
}

// Whether a case's copy has row for row the same content (names included) as set mode's, where both were fingerprinted.
static string SameRows(Dictionary<string, string> fingerprints, string name)
    => !fingerprints.TryGetValue(name, out var mine) ? "n/a"
        : name == "set-mode" ? "(itself)"
        : fingerprints.TryGetValue("set-mode", out var set) ? (mine == set ? "yes" : "**no**") : "n/a";

static async Task<((double Seconds, double PeakMb, double AllocatedMb) Measured, List<string> Profile)> ChildAsync(
    IWorkload workload, string provider, string connection, int size, string name, bool profile, bool cold)
{
    var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
    // EFCLONE_TRACE="collect -o case.nettrace --profile dotnet-common,dotnet-sampled-thread-time": the case's process runs
    // under dotnet-trace (EFCLONE_TRACE_TOOL, else dotnet-trace on the PATH), one case per run since each writes the file.
    if (Environment.GetEnvironmentVariable("EFCLONE_TRACE") is { Length: > 0 } traceArguments)
    {
        start = new ProcessStartInfo(Environment.GetEnvironmentVariable("EFCLONE_TRACE_TOOL") ?? "dotnet-trace") { RedirectStandardOutput = true };
        foreach (var argument in traceArguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).Append("--show-child-io").Append("--").Append(Environment.ProcessPath!))
        {
            start.ArgumentList.Add(argument);
        }
    }

    if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
    {
        start.ArgumentList.Add(typeof(Cases).Assembly.Location);
    }

    foreach (var argument in new[] { "case", workload.Name, provider, connection, size.ToString(CultureInfo.InvariantCulture), name, profile ? "profile" : "measure", cold ? "cold" : "warm" })
    {
        start.ArgumentList.Add(argument);
    }

    using var process = Process.Start(start)!;
    var output = await process.StandardOutput.ReadToEndAsync();
    await process.WaitForExitAsync();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"The {name} case of {workload.Name} failed on {provider} at {size}.");
    }

    var lines = output.Trim().Split('\n');
    // The last JSON line: under dotnet-trace, the tool's own lines come after the case's.
    using var json = JsonDocument.Parse(lines.Last(l => l.StartsWith('{')));
    var root = json.RootElement;
    var profileLines = lines.Where(l => l.StartsWith("profile: ", StringComparison.Ordinal)).Select(l => l["profile: ".Length..]).ToList();
    return ((root.GetProperty("seconds").GetDouble(), root.GetProperty("peakWorkingSetMb").GetDouble(), root.GetProperty("allocatedMb").GetDouble()), profileLines);
}

static string? Option(string[] options, string name)
{
    var index = Array.IndexOf(options, name);
    return index >= 0 && index + 1 < options.Length ? options[index + 1] : null;
}
