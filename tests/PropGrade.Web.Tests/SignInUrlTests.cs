using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PropGrade.Web.Tests;

/// <summary>
/// The address <c>propgrade serve</c> prints (<see cref="Local.Web.LocalServer.SignInAddress"/>, the token in its
/// fragment) signs a tab in once: the token is kept for the tab, leaves the address bar and history, and never reaches
/// the server (so no request log holds it).
/// </summary>
[Trait("Category", "Integration")]
public sealed class SignInUrlTests(ChromiumFixture chromium, ServeFixture serve) : IClassFixture<ChromiumFixture>, IClassFixture<ServeFixture>
{
    [Fact]
    public async Task SignInAddress_OpenedAsPrinted_RemembersTheTokenAndRemovesItFromTheAddress()
    {
        var server = serve.Server;
        var address = server.SignInAddress.ToString();
        Assert.Equal(server.BaseAddress + "#token=" + server.Token, address);
        var page = await PageSession.NewPageAsync(chromium.Browser, server.BaseAddress);

        await page.GotoAsync(address);

        await page.Locator("#tier-list > li").First.WaitForAsync();
        await Expect(page.Locator("#view-signin")).ToBeHiddenAsync();
        await Expect(page).ToHaveURLAsync(server.BaseAddress.ToString());
        Assert.Equal(server.Token, await page.EvaluateAsync<string?>("() => sessionStorage.getItem('propgrade.token')"));
        Assert.Equal(server.BaseAddress.ToString(), await page.EvaluateAsync<string>("() => location.href"));

        // The history entry was replaced, not added to: back leaves the page, forward returns without the token.
        await page.GoBackAsync();
        await page.GoForwardAsync();
        await page.Locator("#tier-list > li").First.WaitForAsync();
        Assert.DoesNotContain(server.Token, page.Url, StringComparison.Ordinal);

        // Remembered for the tab: a reload stays signed in.
        await page.ReloadAsync();
        await page.Locator("#tier-list > li").First.WaitForAsync();
        await Expect(page.Locator("#view-new")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = PageSession.ScreenshotPath("signed-in-from-url-laptop"), FullPage = true });

        // The fragment is never sent: the host logged the page's requests, and not one line holds the token.
        var lines = serve.Log.Lines.ToList();
        Assert.Contains(lines, l => l.Contains("Request starting", StringComparison.Ordinal) && l.Contains("/config/defaults", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(server.Token, StringComparison.Ordinal));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SignInAddress_OnAPhone_ShowsTheForm()
    {
        var page = await PageSession.NewPageAsync(chromium.Browser, serve.Server.BaseAddress, PageSession.Phone);

        await page.GotoAsync(serve.Server.SignInAddress.ToString());

        await page.Locator("#tier-list > li").First.WaitForAsync();
        await Expect(page.Locator("#markets-places")).ToContainTextAsync(", ");
        await page.ScreenshotAsync(new() { Path = PageSession.ScreenshotPath("signed-in-from-url-phone"), FullPage = true });
        await page.Context.CloseAsync();
    }
}
