using System.Text;
using EFCore.Cloning.Web.Blobs;
using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Web.Data;

/// <summary>Creates the schema and the demo data on start when the database has no projects yet.</summary>
public static class DemoSeeder
{
    /// <summary>The name of the large aggregate that the background job duplicates.</summary>
    public const string LargeProjectName = "Atlas";

    public static async Task SeedAsync(ProjectsContext db, IBlobStore blobs, int largeProjectTasks, CancellationToken cancellationToken = default)
    {
        await db.Database.EnsureCreatedAsync(cancellationToken);
        if (await db.Projects.AnyAsync(cancellationToken))
        {
            return;
        }

        var apollo = new Project
        {
            Name = "Apollo",
            Description = "Land on the moon and return safely.",
            PublishedAt = new DateTime(1969, 7, 16, 13, 32, 0, DateTimeKind.Utc),
            Tasks =
            [
                Task("Design the lunar module", 1, true, "Grumman has the contract.", "Weight is the enemy."),
                Task("Train the crew", 2, true, "Armstrong, Aldrin, Collins."),
                Task("Launch", 3, false, "Saturn V, pad 39A."),
            ],
            Attachments =
            [
                await AttachAsync(blobs, "flight-plan.txt", "T-0 launch, T+3d lunar orbit, T+4d landing.", cancellationToken),
                await AttachAsync(blobs, "crew.txt", "Neil Armstrong\nBuzz Aldrin\nMichael Collins\n", cancellationToken),
            ],
        };
        var gemini = new Project { Name = "Gemini", Description = "Two-person spacecraft.", Tasks = [Task("Rendezvous in orbit", 1, false)] };
        var atlas = new Project { Name = LargeProjectName, Description = $"A large aggregate: {largeProjectTasks:N0} tasks with three comments each." };
        db.AddRange(apollo, gemini, atlas);
        await db.SaveChangesAsync(cancellationToken);

        // The large aggregate in two statements (the same SQL on SQLite and PostgreSQL), rather than through the change tracker.
        await db.Database.ExecuteSqlRawAsync(
            """
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {1})
            INSERT INTO "Tasks" ("ProjectId", "Title", "Done", "Position")
            SELECT {0}, 'Task ' || i, i % 3 = 0, i FROM n
            """,
            [atlas.Id, largeProjectTasks],
            cancellationToken);
        await db.Database.ExecuteSqlRawAsync(
            """
            INSERT INTO "Comments" ("WorkItemId", "Body")
            SELECT t."Id", 'Comment ' || c.k || ' on ' || t."Title"
            FROM "Tasks" t CROSS JOIN (SELECT 1 AS k UNION ALL SELECT 2 UNION ALL SELECT 3) c
            WHERE t."ProjectId" = {0}
            """,
            [atlas.Id],
            cancellationToken);
    }

    private static WorkItem Task(string title, int position, bool done, params string[] comments)
        => new() { Title = title, Position = position, Done = done, Comments = comments.Select(c => new Comment { Body = c }).ToList() };

    private static async Task<Attachment> AttachAsync(IBlobStore blobs, string fileName, string text, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        using var content = new MemoryStream(bytes);
        return new Attachment { FileName = fileName, BlobKey = await blobs.SaveAsync(content, cancellationToken), Length = bytes.Length };
    }
}
