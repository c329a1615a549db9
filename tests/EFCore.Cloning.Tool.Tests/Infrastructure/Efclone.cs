using EFCore.Cloning.Tool.Cli;

namespace EFCore.Cloning.Tool.Tests.Infrastructure;

/// <summary>Runs efclone in-process, as a user would on the command line, capturing what it prints.</summary>
public static class Efclone
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await EfcloneApp.RunAsync(args, output, error, interactive: false);
        return (code, output.ToString(), error.ToString());
    }
}
