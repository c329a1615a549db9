using EFCore.Cloning.Web.Blobs;
using EFCore.Cloning.Web.Data;
using EFCore.Cloning.Web.Jobs;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Web.Pages.Projects;

/// <summary>
/// A project, and its Duplicate buttons. Every duplicate is a POST (antiforgery-checked by Razor Pages) by a user with
/// the CanDuplicate permission (403 otherwise); a GET only reads.
/// </summary>
public class DetailsModel(ProjectsContext db, IBlobStore blobs, IAuthorizationService authorization, CloneJobQueue jobs) : PageModel
{
    /// <summary>Aggregates with more tasks than this are duplicated in the background, in set mode.</summary>
    public const int BackgroundThreshold = 1_000;

    public Project Project { get; private set; } = null!;

    public int TaskCount { get; private set; }

    public int CommentCount { get; private set; }

    public IReadOnlyList<WorkItem> FirstTasks { get; private set; } = [];

    public bool CanDuplicate { get; private set; }

    public bool IsLarge => TaskCount > BackgroundThreshold;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        var project = await db.Projects.AsNoTracking().Include(p => p.Attachments).SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (project is null)
        {
            return NotFound();
        }

        Project = project;
        TaskCount = await db.Tasks.CountAsync(t => t.ProjectId == id, cancellationToken);
        CommentCount = await db.Comments.CountAsync(c => c.WorkItem!.ProjectId == id, cancellationToken);
        FirstTasks = await db.Tasks.AsNoTracking().Where(t => t.ProjectId == id).OrderBy(t => t.Position).Take(10).ToListAsync(cancellationToken);
        CanDuplicate = (await authorization.AuthorizeAsync(User, WebApp.DuplicatePolicy)).Succeeded;
        return Page();
    }

    /// <summary>The whole aggregate (tasks, comments, attachments with their files), saved in the request.</summary>
    public Task<IActionResult> OnPostDuplicateAsync(int id, string? returnUrl, CancellationToken cancellationToken)
        => DuplicateAsync(id, returnUrl, o => o.Aggregate(), "Duplicated as '{0}'.", cancellationToken);

    /// <summary>A template: per-call values mark it, clear its publication date and progress, and leave the discussion out.</summary>
    public Task<IActionResult> OnPostTemplateAsync(int id, string? returnUrl, CancellationToken cancellationToken)
        => DuplicateAsync(
            id,
            returnUrl,
            o => o.Aggregate()
                .Set(p => p.IsTemplate, true)
                .Set(p => p.Description, original => $"Template made from '{original.Name}'. {original.Description}")
                .Reset(p => p.PublishedAt)
                .Entity<WorkItem>(t => t.Set(x => x.Done, false).Skip(x => x.Comments)),
            "Saved the template '{0}'.",
            cancellationToken);

    /// <summary>Queues a set-mode duplicate of a large aggregate and shows its progress page.</summary>
    public async Task<IActionResult> OnPostBackgroundAsync(int id, CancellationToken cancellationToken)
    {
        if (!(await authorization.AuthorizeAsync(User, WebApp.DuplicatePolicy)).Succeeded)
        {
            return Forbid();
        }

        var name = await db.Projects.Where(p => p.Id == id).Select(p => p.Name).SingleOrDefaultAsync(cancellationToken);
        if (name is null)
        {
            return NotFound();
        }

        var job = jobs.Enqueue(id, name);
        return RedirectToPage("/Jobs/Details", new { id = job.Id });
    }

    private async Task<IActionResult> DuplicateAsync(
        int id,
        string? returnUrl,
        Action<CloneOptionsBuilder<Project>> configure,
        string message,
        CancellationToken cancellationToken)
    {
        if (!(await authorization.AuthorizeAsync(User, WebApp.DuplicatePolicy)).Succeeded)
        {
            return Forbid();
        }

        var project = await db.Projects.FindAsync([id], cancellationToken);
        if (project is null)
        {
            return NotFound();
        }

        CloneResult<Project> result;
        await using (var files = AttachmentCopies.Begin(blobs))
        {
            try
            {
                result = await db.CloneAndSaveAsync(project, configure, cancellationToken);
                files.Complete();
            }
            catch (Exception exception) when (exception is DbUpdateException or CloneException)
            {
                // The clone rolled back; disposing the scope removes the files its hook had copied.
                TempData["Error"] = $"'{project.Name}' could not be duplicated, nothing was saved: {exception.GetBaseException().Message}";
                return RedirectToPage(new { id });
            }
        }

        TempData["Message"] = string.Format(System.Globalization.CultureInfo.InvariantCulture, message, result.Copy.Name);
        return Url.IsLocalUrl(returnUrl) ? LocalRedirect(returnUrl) : RedirectToPage(new { id = result.Copy.Id });
    }
}
