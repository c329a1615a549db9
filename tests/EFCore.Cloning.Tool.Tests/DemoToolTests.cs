using EFCore.Cloning.Tool.Tests.Infrastructure;

namespace EFCore.Cloning.Tool.Tests;

/// <summary>The README's main job: <c>efclone demo</c> with no arguments.</summary>
public sealed class DemoToolTests
{
    [Fact]
    public async Task Demo_builds_a_database_shows_the_plan_clones_and_prints_counts()
    {
        var (code, output, error) = await Efclone.RunAsync("demo");

        Assert.True(code == 0, error);
        Assert.Contains("tasks via tasks: clone, 500 row(s)", output);
        Assert.Contains("task_tags via task_tags: link, 1,000 row(s)", output);
        Assert.Contains("Copied 3,501 rows", output);
        Assert.Matches(@"tasks\s+.\s+1,500\s+.\s+2,000", output);
    }

    [Fact]
    public async Task Help_lists_every_command()
    {
        var (code, output, _) = await Efclone.RunAsync("--help");
        Assert.Equal(0, code);
        foreach (var command in new[] { "plan", "clone", "copy", "demo" })
        {
            Assert.Contains(command, output);
        }
    }
}
