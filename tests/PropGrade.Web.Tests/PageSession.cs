using Microsoft.Playwright;

namespace PropGrade.Web.Tests;

/// <summary>Opens the page in a fresh browser context (its own sessionStorage) and signs in with the token.</summary>
internal static class PageSession
{
    public static readonly ViewportSize Laptop = new() { Width = 1366, Height = 900 };
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    public static async Task<IPage> OpenAsync(IBrowser browser, Uri baseAddress, string? token, ViewportSize? viewport = null)
    {
        var page = await NewPageAsync(browser, baseAddress, viewport);
        await page.GotoAsync("/");
        if (token is not null)
        {
            await page.FillAsync("#token", token);
            await page.ClickAsync("#token-form button[type=submit]");
            await page.Locator("#view-new").WaitForAsync();
            await page.Locator("#tier-list > li").First.WaitForAsync();
        }

        return page;
    }

    /// <summary>A blank page in a fresh context (its own sessionStorage), not yet at the page.</summary>
    public static async Task<IPage> NewPageAsync(IBrowser browser, Uri baseAddress, ViewportSize? viewport = null)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = viewport ?? Laptop,
            AcceptDownloads = true,
            Locale = "en-US",
            TimezoneId = "UTC",
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    public static string ScreenshotPath(string name) => Path.Combine(RepoPaths.Screenshots, name + ".png");
}
