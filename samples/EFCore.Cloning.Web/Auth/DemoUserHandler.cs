using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace EFCore.Cloning.Web.Auth;

/// <summary>
/// Demo authentication: the user named by the <c>demo-user</c> cookie (set by the user switcher) or the
/// <c>X-Demo-User</c> header, else <c>guest</c>; each gets the permission claims of <see cref="DemoUsers"/>. Every
/// request is authenticated, so a missing permission is a 403, never a login challenge.
/// </summary>
public sealed class DemoUserHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Demo";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var name = Request.Headers[DemoUsers.Header].FirstOrDefault() ?? Request.Cookies[DemoUsers.Cookie];
        if (name is null || !DemoUsers.Permissions.ContainsKey(name))
        {
            name = "guest";
        }

        var claims = DemoUsers.Permissions[name].Select(p => new Claim(DemoUsers.PermissionClaim, p)).Prepend(new Claim(ClaimTypes.Name, name));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }
}
