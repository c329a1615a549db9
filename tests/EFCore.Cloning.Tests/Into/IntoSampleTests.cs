using EFCore.Cloning.Samples;

namespace EFCore.Cloning.Tests.Into;

/// <summary>docs/other-databases.md's sample prints what the page shows.</summary>
public sealed class IntoSampleTests
{
    [Fact]
    public async Task Other_databases()
    {
        var output = new StringWriter();
        await OtherDatabasesSample.RunAsync(output);
        var text = output.ToString();
        Assert.Contains("The target database has no 'User' row with Id = 1, which the copied 'Project' rows point at (Project.Owner); and no 'User' row", text);
        Assert.Contains("and no 'Tag' row with Id = 1, 2, 3, which the copied 'TaskTags", text);
        Assert.Contains("nothing was written. Use Into(target, copyMissingPrincipals: true)", text);
        Assert.Contains("projects in the target after the refused copy: 0", text);
        Assert.Contains("into the target as project 1 'Apollo', tracked there as Unchanged.", text);
        Assert.Contains("| Comments | 24     |", text);
        Assert.Contains("target: 1 user, 3 tags, 12 tasks, 24 comments; source: 1 project, 12 tasks", text);
        Assert.Contains("target projects: Apollo, Apollo (copy)", text);
    }
}
