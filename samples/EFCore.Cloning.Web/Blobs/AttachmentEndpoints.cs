using EFCore.Cloning.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Web.Blobs;

/// <summary>Downloads an attachment's file from the blob store.</summary>
public static class AttachmentEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
        => app.MapGet("/attachments/{id:int}", async (int id, ProjectsContext db, IBlobStore blobs, CancellationToken cancellationToken) =>
        {
            var attachment = await db.Attachments.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
            return attachment is not null && blobs.OpenRead(attachment.BlobKey) is { } content
                ? Results.File(content, "text/plain", attachment.FileName)
                : Results.NotFound();
        });
}
