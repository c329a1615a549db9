using EFCore.Cloning.Samples;

namespace EFCore.Cloning.Tests.Samples;

/// <summary>Runs every sample the docs link to, so that CI proves each one works and prints what the docs say.</summary>
public sealed class SamplesTests
{
    [Fact]
    public async Task Quickstart_copies_the_aggregate_and_keeps_the_tree_inside_the_copy()
    {
        var output = new StringWriter();
        await QuickstartSample.RunAsync(output);
        var text = output.ToString();
        Assert.Contains("into project 2 'Apollo (copy)'", text);
        Assert.Contains("| Tasks    | 12          | 24         | 12     |", text);
        Assert.Contains("| TaskTags | 24          | 48         | 24     |", text);
        Assert.Contains("| Tags     | 3           | 3          | 0      |", text);
        Assert.Contains("12 of 12 copied tasks have their parent inside the copy", text);
    }
}
