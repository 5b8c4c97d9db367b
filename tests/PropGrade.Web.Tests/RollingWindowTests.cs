using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PropGrade.Web.Tests;

/// <summary>
/// The revision-2 request fields on the page: a run name and a rolling window are sent only when filled, a rolling
/// window replaces the fixed dates, and "run again" of a rolling run keeps it rolling and, a month later, grades the next
/// window (the scripted server's today moves; its runs record the API's today when they start, as the real engine does).
/// </summary>
[Trait("Category", "Integration")]
public sealed class RollingWindowTests(ChromiumFixture chromium, ScriptedServer server) : IClassFixture<ChromiumFixture>, IClassFixture<ScriptedServer>
{
    [Fact]
    public async Task Launch_NameAndRollingWindow_ThenRunAgainAMonthLater_GradesTheNextWindow()
    {
        var today = new DateOnly(2026, 11, 23);
        server.Today = today;
        var page = await PageSession.OpenAsync(chromium.Browser, server.BaseAddress, ScriptedServer.Token);

        await page.GetByLabel("Run name").FillAsync("  Monthly Hoboken ");
        await page.GetByLabel("Rolling window: the last N months").FillAsync("6");
        await Expect(page.Locator("#soldSince")).ToBeDisabledAsync();
        await Expect(page.Locator("#asOf")).ToBeDisabledAsync();
        var launch = await page.RunAndWaitForResponseAsync(
            () => page.ClickAsync("#launch"),
            r => r.Request.Method == "POST" && r.Url.EndsWith("/runs", StringComparison.Ordinal));

        // The real request parser accepted it: the name trimmed, the rolling window instead of the fixed dates.
        Assert.Equal(202, launch.Status);
        using (var body = JsonDocument.Parse(launch.Request.PostData!))
        {
            Assert.Equal(6, body.RootElement.GetProperty("rollingMonths").GetInt32());
            Assert.False(body.RootElement.TryGetProperty("soldSince", out _));
            Assert.False(body.RootElement.TryGetProperty("asOf", out _));
        }

        // The run's page is titled by its name and shows the window it graded: the six months before its API today.
        await Expect(page.Locator("#run-name")).ToHaveTextAsync("Monthly Hoboken");
        await Expect(page.Locator("#run-window")).ToContainTextAsync("last 6 months: 2026-05-23 – 2026-11-23");
        await Expect(page.Locator("#run-again-hint")).ToContainTextAsync("moved forward");

        // A month later, "run again" keeps the run rolling and grades the next window.
        server.Today = today.AddMonths(1);
        await page.ClickAsync("#run-again");
        await Expect(page.Locator("#view-new")).ToBeVisibleAsync();
        await Expect(page.Locator("#rollingMonths")).ToHaveValueAsync("6");
        await Expect(page.Locator("#name")).ToHaveValueAsync("Monthly Hoboken");
        await Expect(page.Locator("#soldSince")).ToBeDisabledAsync();
        var again = await page.RunAndWaitForResponseAsync(
            () => page.ClickAsync("#launch"),
            r => r.Request.Method == "POST" && r.Url.EndsWith("/runs", StringComparison.Ordinal));
        Assert.Equal(202, again.Status);
        await Expect(page.Locator("#run-name")).ToHaveTextAsync("Monthly Hoboken");
        await Expect(page.Locator("#run-window")).ToContainTextAsync("last 6 months: 2026-06-23 – 2026-12-23");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Launch_NameAndRollingWindowBlank_SendsNeitherAndKeepsTheDates()
    {
        var page = await PageSession.OpenAsync(chromium.Browser, server.BaseAddress, ScriptedServer.Token);
        var response = await page.RunAndWaitForResponseAsync(
            () => page.ClickAsync("#launch"),
            r => r.Request.Method == "POST" && r.Url.EndsWith("/runs", StringComparison.Ordinal));

        Assert.Equal(202, response.Status);
        using var body = JsonDocument.Parse(response.Request.PostData!);
        Assert.False(body.RootElement.TryGetProperty("name", out _));
        Assert.False(body.RootElement.TryGetProperty("rollingMonths", out _));
        Assert.True(body.RootElement.TryGetProperty("soldSince", out _));
        Assert.Equal("listPrice", body.RootElement.GetProperty("undisclosedPrice").GetString());
        await page.Context.CloseAsync();
    }
}
