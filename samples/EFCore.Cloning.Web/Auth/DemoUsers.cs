namespace EFCore.Cloning.Web.Auth;

/// <summary>The demo's users and their permissions; a real app has a login instead.</summary>
public static class DemoUsers
{
    /// <summary>The claim type of a permission.</summary>
    public const string PermissionClaim = "permission";

    /// <summary>The permission the Duplicate buttons require.</summary>
    public const string CanDuplicate = "CanDuplicate";

    /// <summary>The cookie that remembers the chosen user, and the header tests may send instead.</summary>
    public const string Cookie = "demo-user";

    public const string Header = "X-Demo-User";

    /// <summary>Who may do what: ada may duplicate, bob may only look, guest is anyone else.</summary>
    public static IReadOnlyDictionary<string, string[]> Permissions { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["ada"] = [CanDuplicate],
        ["bob"] = [],
        ["guest"] = [],
    };
}
