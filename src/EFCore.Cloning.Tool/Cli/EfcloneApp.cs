using System.CommandLine;
using System.Data.Common;
using EFCore.Cloning.Tool.Rendering;

namespace EFCore.Cloning.Tool.Cli;

/// <summary>The <c>efclone</c> command line: plan, clone, copy and demo.</summary>
internal static class EfcloneApp
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int UsageError = 2;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, bool? interactive = null, CancellationToken cancellationToken = default)
    {
        var console = new ToolConsole(output, error, interactive);
        var root = new RootCommand("efclone: duplicate rows of a SQLite or PostgreSQL database (an aggregate with its children, links and self-references) by reading its schema; no model code needed.");
        root.Subcommands.Add(CopyCommands.Plan(console));
        root.Subcommands.Add(CopyCommands.Clone(console));
        root.Subcommands.Add(CopyCommands.Copy(console));
        root.Subcommands.Add(DemoCommand.Create(console));

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

    /// <summary>Turns failures into a message naming what is at fault and the exit code: 2 for usage, 1 for the rest.</summary>
    public static async Task<int> Guard(ToolConsole console, bool writes, Func<Task<int>> action)
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
            var detail = exception is Npgsql.PostgresException { Detail: { Length: > 0 } text } && !exception.Message.Contains(text, StringComparison.Ordinal) ? $"{Environment.NewLine}DETAIL: {text}" : string.Empty;
            await console.Error.WriteLineAsync(writes
                ? $"error: the database refused the operation, nothing was written: {exception.Message}{detail}"
                : $"error: the database refused the query: {exception.Message}{detail}");
            return Failure;
        }
        catch (OperationCanceledException)
        {
            await console.Error.WriteLineAsync(writes ? "cancelled: nothing was written." : "cancelled.");
            return Failure;
        }
    }
}
