using EFCore.Cloning.Web.Jobs;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EFCore.Cloning.Web.Pages.Jobs;

/// <summary>A background duplicate: a progress bar that polls <c>/jobs/{id}/status</c>, and a Cancel button.</summary>
public class DetailsModel(CloneJobQueue jobs, IAuthorizationService authorization) : PageModel
{
    public CloneJob Job { get; private set; } = null!;

    public IActionResult OnGet(Guid id)
    {
        if (jobs.Find(id) is not { } job)
        {
            return NotFound();
        }

        Job = job;
        return Page();
    }

    /// <summary>Cancels the job: its transaction rolls back, so none of the copy's rows stay.</summary>
    public async Task<IActionResult> OnPostCancelAsync(Guid id)
    {
        if (!(await authorization.AuthorizeAsync(User, WebApp.DuplicatePolicy)).Succeeded)
        {
            return Forbid();
        }

        if (jobs.Find(id) is not { } job)
        {
            return NotFound();
        }

        job.Cancel();
        return RedirectToPage(new { id });
    }
}
