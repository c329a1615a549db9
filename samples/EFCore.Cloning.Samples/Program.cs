using EFCore.Cloning.Samples;

// Runs one sample by name (or all of them): dotnet run --project samples/EFCore.Cloning.Samples -- quickstart
var samples = new Dictionary<string, Func<TextWriter, Task>>(StringComparer.OrdinalIgnoreCase)
{
    ["quickstart"] = QuickstartSample.RunAsync,
    ["clone-a-row"] = CloneARowSample.RunAsync,
    ["keys"] = KeysSample.RunAsync,
    ["inheritance"] = InheritanceSample.RunAsync,
    ["relationships"] = RelationshipsSample.RunAsync,
    ["values"] = ValuesSample.RunAsync,
    ["unique-values"] = UniqueValuesSample.RunAsync,
    ["hooks"] = NotificationHookSample.RunAsync,
    ["templates"] = TemplatesSample.RunAsync,
    ["large-graphs"] = LargeGraphsSample.RunAsync,
    ["other-databases"] = OtherDatabasesSample.RunAsync,
};

var names = args.Length == 0 || args[0] == "all" ? samples.Keys.ToList() : args.ToList();
foreach (var name in names)
{
    if (!samples.TryGetValue(name, out var run))
    {
        Console.Error.WriteLine($"Unknown sample '{name}'. Samples: {string.Join(", ", samples.Keys)}, all.");
        return 2;
    }

    Console.WriteLine($"== {name} ==");
    await run(Console.Out);
    Console.WriteLine();
}

return 0;
