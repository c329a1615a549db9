using System.Text.Json;
using System.Text.Json.Serialization;

namespace EFCore.Cloning.Tool.Cli;

/// <summary>
/// <c>efclone plan ... --save plan.json</c> and <c>--plan plan.json</c>: the request as a JSON file (the root table and
/// selection, includes, skips, shares, sets, resets, masks, virtual foreign keys) to review, edit and run again.
/// </summary>
internal static class PlanFiles
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,

        // Written for people to read and edit: "->" and quotes as they are.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes <paramref name="request"/> to <paramref name="path"/>.</summary>
    public static void Save(string path, CloneRequest request)
    {
        try
        {
            File.WriteAllText(path, JsonSerializer.Serialize(new PlanFile(1, request), Json) + Environment.NewLine);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new ToolException($"--save {path}: cannot write the plan file: {exception.Message}", usage: true);
        }
    }

    /// <summary>Reads the request saved in <paramref name="path"/>.</summary>
    public static CloneRequest Load(string path)
    {
        try
        {
            var file = JsonSerializer.Deserialize<PlanFile>(File.ReadAllText(path), Json);
            return file?.Request ?? throw new ToolException($"--plan {path}: the file holds no plan.", usage: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            throw new ToolException($"--plan {path}: cannot read the plan file: {exception.Message}", usage: true);
        }
    }

    /// <summary>The file's shape: a format version and the request.</summary>
    private sealed record PlanFile(int Efclone, CloneRequest Request);
}
