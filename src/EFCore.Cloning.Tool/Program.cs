using EFCore.Cloning.Tool.Cli;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C cancels the clone, which rolls back; the process then exits on its own.
    e.Cancel = true;
    cancellation.Cancel();
};

return await EfcloneApp.RunAsync(args, Console.Out, Console.Error, interactive: null, cancellation.Token);
