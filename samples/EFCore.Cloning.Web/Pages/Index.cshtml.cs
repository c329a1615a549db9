using EFCore.Cloning.Web.Auth;
using EFCore.Cloning.Web.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace EFCore.Cloning.Web.Pages;

/// <summary>The projects list, and the demo's user switcher.</summary>
public class IndexModel(ProjectsContext db) : PageModel
{
    public IReadOnlyList<ProjectRow> Projects { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
        => Projects = await db.Projects
            .OrderBy(p => p.Id)
            .Select(p => new ProjectRow(p.Id, p.Name, p.Description, p.IsTemplate, p.Tasks.Count, p.Attachments.Count))
            .ToListAsync(cancellationToken);

    /// <summary>Chooses the demo user (a cookie), then goes back to the page it came from if that is a local URL.</summary>
    public IActionResult OnPostUser(string name, string? returnUrl)
    {
        if (DemoUsers.Permissions.ContainsKey(name))
        {
            Response.Cookies.Append(DemoUsers.Cookie, name, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true });
        }

        return Url.IsLocalUrl(returnUrl) ? LocalRedirect(returnUrl) : RedirectToPage();
    }

    public sealed record ProjectRow(int Id, string Name, string Description, bool IsTemplate, int Tasks, int Attachments);
}
