using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PropGrade.Web.Tests;

/// <summary>
/// The revision-2 request fields on the page: a run name and a rolling window are sent only when filled, a rolling
/// window replaces the fixed dates, and "run again" of a rolling run keeps it rolling. The runs contract adds these
/// fields; until the server's request parser knows them, the launch and the run record are played by routes.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RollingWindowTests(ChromiumFixture chromium, ScriptedServer server) : IClassFixture<ChromiumFixture>, IClassFixture<ScriptedServer>
{
    private const string RunId = "rolling-run-1";

    [Fact]
    public async Task Launch_NameAndRollingWindow_SendsThemWithoutTheFixedDates()
    {
        var page = await PageSession.OpenAsync(chromium.Browser, server.BaseAddress, ScriptedServer.Token);
        string? posted = null;
        await page.RouteAsync("**/runs", async route =>
        {
            if (route.Request.Method == "POST")
            {
                posted = route.Request.PostData;
                await route.FulfillAsync(new() { Status = 202, ContentType = "application/json", Body = JsonSerializer.Serialize(new { runId = RunId }) });
            }
            else
            {
                await route.ContinueAsync();
            }
        });
        await page.RouteAsync($"**/runs/{RunId}", route => route.FulfillAsync(new() { Status = 200, ContentType = "application/json", Body = Record(rollingMonths: 6, name: "Monthly Hoboken") }));

        await page.GetByLabel("Run name").FillAsync("  Monthly Hoboken ");
        await page.GetByLabel("Rolling window: the last N months").FillAsync("6");
        await Expect(page.Locator("#soldSince")).ToBeDisabledAsync();
        await Expect(page.Locator("#asOf")).ToBeDisabledAsync();
        await page.ClickAsync("#launch");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#/runs/" + RunId));

        using var body = JsonDocument.Parse(posted!);
        Assert.Equal("Monthly Hoboken", body.RootElement.GetProperty("name").GetString());
        Assert.Equal(6, body.RootElement.GetProperty("rollingMonths").GetInt32());
        Assert.False(body.RootElement.TryGetProperty("soldSince", out _));
        Assert.False(body.RootElement.TryGetProperty("asOf", out _));

        // The run's page is titled by its name and says its window is rolling; "run again" keeps it rolling.
        await Expect(page.Locator("#run-name")).ToHaveTextAsync("Monthly Hoboken");
        await Expect(page.Locator("#run-window")).ToContainTextAsync("last 6 months: 2026-05-23 – 2026-11-23");
        await Expect(page.Locator("#run-again-hint")).ToContainTextAsync("moved forward");
        await page.ClickAsync("#run-again");
        await Expect(page.Locator("#view-new")).ToBeVisibleAsync();
        await Expect(page.Locator("#rollingMonths")).ToHaveValueAsync("6");
        await Expect(page.Locator("#name")).ToHaveValueAsync("Monthly Hoboken");
        await Expect(page.Locator("#soldSince")).ToBeDisabledAsync();
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

    /// <summary>A finished run record as the runs contract's revision 2 describes it (no graded agents: no results table).</summary>
    private static string Record(int rollingMonths, string name) => JsonSerializer.Serialize(new
    {
        runId = RunId,
        status = "SUCCEEDED",
        name,
        request = new
        {
            tiers = new[] { new { name = "A", minVolume = 40_000_000 } },
            soldSince = "2026-05-23",
            asOf = "2026-11-23",
            rollingMonths,
            name,
            includeActive = false,
            selectedTiers = new[] { "A" },
            markets = new[] { "07030" },
            roster = (object?)null,
            maxPages = 19,
            undisclosedPrice = "listPrice",
        },
        trigger = "api",
        createdAt = "2026-11-23T10:00:00Z",
        startedAt = "2026-11-23T10:00:01Z",
        finishedAt = "2026-11-23T10:00:05Z",
        agentsDiscovered = 0,
        agentsProfiled = 0,
        agentsDone = 0,
        agentsIncomplete = 0,
        agentsSkipped = 0,
        apiCalls = 3,
        throttled = 0,
        retries = 0,
        tierCounts = new Dictionary<string, int>(),
        error = (string?)null,
        exports = Array.Empty<string>(),
    });
}
