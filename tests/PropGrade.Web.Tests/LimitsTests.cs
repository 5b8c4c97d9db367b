using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PropGrade.Web.Tests;

/// <summary>
/// The page checks the limits GET /config/defaults serves, never copies of them: a server that allows less (or whose
/// day is another) is honoured before anything is sent.
/// </summary>
[Trait("Category", "Integration")]
public sealed class LimitsTests(ChromiumFixture chromium, NarrowLimitsServer server) : IClassFixture<ChromiumFixture>, IClassFixture<NarrowLimitsServer>
{
    [Fact]
    public async Task Concurrency_ServerAllowsAtMost3_PageSaysSoAndRejects4WithoutPosting()
    {
        var page = await PageSession.OpenAsync(chromium.Browser, server.BaseAddress, ScriptedServer.Token);
        var posts = 0;
        page.Request += (_, request) => { if (request.Method == "POST" && !request.Url.Contains("/runs/estimate", StringComparison.Ordinal)) { posts++; } };

        await page.ClickAsync("#advanced summary");
        await Expect(page.Locator("#concurrency-range")).ToHaveTextAsync($"(1–{NarrowLimitsServer.MaxConcurrency}, blank = default)");
        await Expect(page.Locator("#concurrency")).ToHaveAttributeAsync("max", NarrowLimitsServer.MaxConcurrency.ToString(CultureInfo.InvariantCulture));
        await page.FillAsync("#concurrency", "4");
        await page.ClickAsync("#launch");

        await Expect(page.Locator("[data-error-for='concurrency']")).ToHaveTextAsync($"Must be a whole number from 1 to {NarrowLimitsServer.MaxConcurrency}.");
        await Expect(page.Locator("#concurrency")).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.Equal(0, posts);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Today_ServerSourceIsOnAnotherDay_DefaultsPresetAndFutureCheckFollowIt()
    {
        var day = new DateOnly(2025, 6, 30);
        server.Today = day;
        try
        {
            var page = await PageSession.OpenAsync(chromium.Browser, server.BaseAddress, ScriptedServer.Token);
            var posts = 0;
            page.Request += (_, request) => { if (request.Method == "POST" && !request.Url.Contains("/runs/estimate", StringComparison.Ordinal)) { posts++; } };

            await Expect(page.Locator("#asOf")).ToHaveValueAsync("2025-06-30");
            await page.FillAsync("#asOf", "2025-01-01");
            await page.ClickAsync("#preset-window");
            await Expect(page.Locator("#asOf")).ToHaveValueAsync("2025-06-30");
            await Expect(page.Locator("#soldSince")).ToHaveValueAsync("2024-06-30");

            await page.FillAsync("#asOf", "2025-07-01");
            await page.ClickAsync("#launch");

            await Expect(page.Locator("[data-error-for='asOf']")).ToHaveTextAsync("Must not be in the future (today is 2025-06-30).");
            Assert.Equal(0, posts);
            await page.Context.CloseAsync();
        }
        finally
        {
            server.Today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
        }
    }

    [Fact]
    public async Task Limits_ServedOtherwise_PageChecksTheServedNumbers()
    {
        var page = await PageSession.NewPageAsync(chromium.Browser, server.BaseAddress);
        // Another server's limits (a tighter page cap, 9-digit ZIPs, a 3-year window): the page must use them as served.
        await page.RouteAsync("**/config/defaults", async route =>
        {
            var response = await route.FetchAsync();
            var body = JsonNode.Parse(await response.TextAsync())!.AsObject();
            var limits = body["limits"]!.AsObject();
            limits["maxPages"] = new JsonObject { ["min"] = 1, ["max"] = 5 };
            limits["zipLength"] = 9;
            limits["maxWindowYears"] = 3;
            limits["defaultWindowMonths"] = 6;
            await route.FulfillAsync(new() { Response = response, Body = body.ToJsonString() });
        });
        await page.GotoAsync("/");
        await page.FillAsync("#token", ScriptedServer.Token);
        await page.ClickAsync("#token-form button[type=submit]");
        await page.Locator("#tier-list > li").First.WaitForAsync();
        var posts = 0;
        page.Request += (_, request) => { if (request.Method == "POST" && !request.Url.Contains("/runs/estimate", StringComparison.Ordinal)) { posts++; } };

        await Expect(page.Locator("#maxPages-range")).ToHaveTextAsync("(1–5)");
        await Expect(page.Locator("#preset-window")).ToHaveTextAsync("Last 6 months");
        await page.ClickAsync("#advanced summary");
        await page.FillAsync("#maxPages", "6");
        await page.FillAsync("#markets", "07030, 070301234");
        var asOf = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
        await page.FillAsync("#asOf", asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.FillAsync("#soldSince", asOf.AddYears(-4).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.ClickAsync("#launch");

        await Expect(page.Locator("[data-error-for='maxPages']")).ToHaveTextAsync("Must be between 1 and 5.");
        await Expect(page.Locator("[data-error-for='markets']")).ToHaveTextAsync("'07030' is not a 9-digit ZIP code.");
        await Expect(page.Locator("[data-error-for='soldSince']")).ToHaveTextAsync("The window may span at most 3 years.");
        Assert.Equal(0, posts);
        await page.Context.CloseAsync();
    }
}
