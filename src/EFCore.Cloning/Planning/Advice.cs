using EFCore.Cloning.Internal;

namespace EFCore.Cloning.Planning;

/// <summary>The options a message advises, spelled the way the caller writes them: C# for the API, flags for efclone.</summary>
internal static class Advice
{
    /// <summary><c>Set(e =&gt; e.Code, original =&gt; ...)</c>, or <c>--set Code=...</c>.</summary>
    public static string Set(OptionSyntax syntax, string property)
        => syntax == OptionSyntax.CommandLine ? $"--set {property}=..." : $"Set(e => e.{property}, original => ...)";

    /// <summary><c>Reset(e =&gt; e.Code)</c>, or <c>--reset Code</c>.</summary>
    public static string Reset(OptionSyntax syntax, string property)
        => syntax == OptionSyntax.CommandLine ? $"--reset {property}" : $"Reset(e => e.{property})";
}
