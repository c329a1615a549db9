namespace EFCore.Cloning.Tool;

/// <summary>A failure the user can fix: the message names the table, column or option at fault.</summary>
internal sealed class ToolException(string message, bool usage = false) : Exception(message)
{
    /// <summary>A mistake on the command line (exit code 2) rather than a failure of the operation (exit code 1).</summary>
    public bool IsUsage { get; } = usage;
}
