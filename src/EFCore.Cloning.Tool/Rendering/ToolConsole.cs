using Spectre.Console;

namespace EFCore.Cloning.Tool.Rendering;

/// <summary>Where the tool writes: a Spectre console for people, and the raw writer for JSON reports.</summary>
internal sealed class ToolConsole
{
    public ToolConsole(TextWriter output, TextWriter error, bool? interactive)
    {
        Output = output;
        Error = error;
        var redirected = !ReferenceEquals(output, Console.Out) || Console.IsOutputRedirected;
        Interactive = interactive ?? !redirected;
        Ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = Interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = Interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = Interactive ? InteractionSupport.Yes : InteractionSupport.No,
        });
        if (!Interactive)
        {
            Ansi.Profile.Width = 120;
        }
    }

    public TextWriter Output { get; }

    public TextWriter Error { get; }

    /// <summary>A terminal: progress bars and colours; otherwise plain lines.</summary>
    public bool Interactive { get; }

    public IAnsiConsole Ansi { get; }
}
