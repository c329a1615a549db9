using EFCore.Cloning.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EFCore.Cloning.Web.Tests;

/// <summary>A person in a real headless browser: switches to a user who may duplicate, duplicates, then cancels a background duplicate midway.</summary>
public sealed class BrowserTests(KestrelAppFactory app) : IClassFixture<KestrelAppFactory>
{
    [Fact]
    public async Task Duplicate_then_watch_a_background_duplicate_and_cancel_it()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = app.BaseUrl, ViewportSize = new ViewportSize { Width = 1000, Height = 720 } });

        // A guest sees no Duplicate button; the switcher signs in as ada, who may duplicate.
        await page.GotoAsync("/Projects/Details/1");
        await Expect(page.Locator("#duplicate")).ToHaveCountAsync(0);
        await page.SelectOptionAsync("#demo-user", "ada");
        await Expect(page.Locator("#duplicate")).ToBeVisibleAsync();

        await page.ClickAsync("#duplicate");
        await Expect(page.Locator("#message")).ToHaveTextAsync("Duplicated as 'Apollo (copy)'.");
        await page.GotoAsync("/Projects/Details/1");
        await page.ClickAsync("#duplicate");
        await Expect(page.Locator("#message")).ToHaveTextAsync("Duplicated as 'Apollo (copy 2)'.");
        await Expect(page.Locator("#project-name")).ToHaveTextAsync("Apollo (copy 2)");
        await Expect(page.Locator("#attachments li")).ToHaveCountAsync(2);
        var copyId = await app.Sql.ScalarAsync<int>("SELECT \"Id\" FROM \"Projects\" WHERE \"Name\" = 'Apollo (copy 2)'");
        Assert.EndsWith($"/Projects/Details/{copyId}", page.Url, StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("web-duplicate.png", Path.GetTempPath()), FullPage = true });

        // The large aggregate in the background: the bar moves, Cancel rolls the copy back.
        var before = await app.Sql.FingerprintAsync();
        await page.GotoAsync("/Projects/Details/3");
        await page.ClickAsync("#duplicate-background");
        // Commit, not load: the job runs on the same two cores as the page, and the bar's locator waits for the page anyway.
        await page.WaitForURLAsync("**/jobs/*", new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
        var bar = page.Locator("#job-progress");
        var seen = new List<double> { await bar.EvaluateAsync<double>("e => e.value") };
        while (seen[^1] <= 0)
        {
            await Task.Delay(100);
            seen.Add(await bar.EvaluateAsync<double>("e => e.value"));
            Assert.True(seen.Count < 300, "the progress bar did not move within 30 s");
        }

        Assert.Equal(0, seen[0]);
        Assert.InRange(seen[^1], 1, 99);
        await Expect(page.Locator("#job-status")).ToContainTextAsync("Running");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("web-progress.png", Path.GetTempPath()) });

        await page.ClickAsync("#cancel");
        await Expect(page.Locator("#job-status")).ToContainTextAsync("Cancelled", new LocatorAssertionsToContainTextOptions { Timeout = 30_000 });
        await Expect(page.Locator("#cancel")).ToBeHiddenAsync();
        Assert.Equal(before, await app.Sql.FingerprintAsync());
        Assert.Equal(0, await app.Sql.CountAsync("Projects", "\"Name\" LIKE 'Atlas (copy%'"));
    }
}
