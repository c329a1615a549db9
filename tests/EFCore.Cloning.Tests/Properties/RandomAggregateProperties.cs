using CsCheck;
using EFCore.Cloning.Samples.Model;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Tests.Properties;

/// <summary>
/// Random aggregates (task trees of any shape, comments, tag links) clone to a graph isomorphic to the original, with
/// no reference from the copy into the original except shared principals, and the original unchanged.
/// </summary>
public sealed class RandomAggregateProperties
{
    /// <summary>Per task: the index of its parent among earlier tasks (-1 for none), its comment count, and its tags as a bit mask.</summary>
    private static readonly Gen<(int Parent, int Comments, int Tags)[]> Aggregates =
        Gen.Int[1, 12].SelectMany(count => Gen.Int[0, 1000].Array[count].SelectMany(parents =>
            Gen.Int[0, 3].Array[count].SelectMany(comments =>
                Gen.Int[0, 7].Array[count].Select(tags =>
                    Enumerable.Range(0, count).Select(i => (i == 0 ? -1 : parents[i] % (i + 1) - 1, comments[i], tags[i])).ToArray()))));

    [Theory]
    [InlineData("object mode")]
    [InlineData("set mode")]
    public void Clones_of_random_aggregates_are_isomorphic_and_independent(string engine)
        => Aggregates.Sample(shape => CheckAsync(shape, engine == "set mode").GetAwaiter().GetResult(), iter: 40, threads: 1);

    private static async Task CheckAsync((int Parent, int Comments, int Tags)[] shape, bool setMode)
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        int projectId;
        await using (var db = PlannerContext.CreateInMemory(connection))
        {
            var owner = new User { Email = "owner@example.com" };
            var tags = Enumerable.Range(0, 3).Select(i => new Tag { Name = $"tag{i}" }).ToArray();
            var project = new Project { Name = "Random", Owner = owner };
            for (var i = 0; i < shape.Length; i++)
            {
                var (parent, comments, tagMask) = shape[i];
                var task = new TaskItem { Title = $"t{i}", Position = i, Project = project, Parent = parent >= 0 ? project.Tasks[parent] : null };
                task.Tags.AddRange(tags.Where((_, t) => (tagMask & (1 << t)) != 0));
                for (var c = 0; c < comments; c++)
                {
                    task.Comments.Add(new Comment { Body = $"c{i}.{c}", Author = owner });
                }

                project.Tasks.Add(task);
            }

            db.AddRange(tags);
            db.Add(project);
            await db.SaveChangesAsync();
            projectId = project.Id;
        }

        var before = await SnapshotAsync(connection, projectId);
        int copyId;
        await using (var db = PlannerContext.CreateInMemory(connection))
        {
            var result = setMode
                ? await db.Projects.Where(p => p.Id == projectId).ExecuteCloneAsync(o => o.Aggregate())
                : await db.CloneAndSaveAsync(await db.Projects.SingleAsync(p => p.Id == projectId), o => o.Aggregate());
            copyId = Convert.ToInt32(result.Roots.Single().CopyKey);
        }

        Assert.Equal(before, await SnapshotAsync(connection, projectId));
        var copy = await SnapshotAsync(connection, copyId);
        Assert.Equal(before.Select(t => (t.Title, t.ParentTitle, t.Comments, t.Tags, t.ParentInside)), copy.Select(t => (t.Title, t.ParentTitle, t.Comments, t.Tags, t.ParentInside)));
        Assert.All(copy, t => Assert.True(t.ParentInside, $"{t.Title} of the copy points outside it"));

        await using var check = PlannerContext.CreateInMemory(connection);
        Assert.Equal(1, await check.Users.CountAsync());
        Assert.Equal(3, await check.Tags.CountAsync());
    }

    private sealed record TaskShape(string Title, string? ParentTitle, bool ParentInside, string Comments, string Tags);

    /// <summary>The project's tasks by title, each with its parent's title (and whether the parent is in the same project), its comments and its tags.</summary>
    private static async Task<List<TaskShape>> SnapshotAsync(SqliteConnection connection, int projectId)
    {
        await using var db = PlannerContext.CreateInMemory(connection);
        var tasks = await db.Tasks.AsNoTracking().Include(t => t.Parent).Include(t => t.Comments).Include(t => t.Tags)
            .Where(t => t.ProjectId == projectId).OrderBy(t => t.Position).ToListAsync();
        return tasks.Select(t => new TaskShape(
            t.Title,
            t.Parent?.Title,
            t.Parent is null || t.Parent.ProjectId == projectId,
            string.Join(",", t.Comments.Select(c => $"{c.Body}@{c.AuthorId}").Order()),
            string.Join(",", t.Tags.Select(x => x.Id).Order()))).ToList();
    }
}
