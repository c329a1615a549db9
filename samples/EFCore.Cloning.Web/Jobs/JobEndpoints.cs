namespace EFCore.Cloning.Web.Jobs;

/// <summary>The JSON endpoint the progress bar polls. It only reads; starting and cancelling are antiforgery-checked page POSTs.</summary>
public static class JobEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
        => app.MapGet("/jobs/{id:guid}/status", (Guid id, CloneJobQueue queue)
            => queue.Find(id) is { } job ? Results.Json(job.ToJson()) : Results.NotFound());
}
