using Microsoft.Playwright;

namespace EFCore.Cloning.Web.Tests.Infrastructure;

/// <summary>Debian's chromium package, driven by Playwright: never a downloaded browser (eng/test.sh installs the package when missing).</summary>
public static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly string[] Arguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"{ExecutablePath} is missing: run the tests with 'bash eng/test.sh', which installs Debian's chromium package, or 'apt-get install chromium'.");
        }

        return playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ExecutablePath, Headless = true, Args = Arguments });
    }

    /// <summary>
    /// Where a screenshot goes: docs/images when EFCLONE_DOCS_SCREENSHOTS=1 (to refresh the docs' pictures), else the
    /// test's temporary folder, so that a test run leaves the checkout as it was.
    /// </summary>
    public static string ScreenshotPath(string name, string temporaryFolder)
    {
        if (Environment.GetEnvironmentVariable("EFCLONE_DOCS_SCREENSHOTS") != "1")
        {
            return Path.Combine(temporaryFolder, name);
        }

        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "EFCore.Cloning.sln")))
        {
            directory = directory.Parent;
        }

        return Path.Combine(directory?.FullName ?? throw new InvalidOperationException("The repository root (EFCore.Cloning.sln) was not found."), "docs", "images", name);
    }
}
