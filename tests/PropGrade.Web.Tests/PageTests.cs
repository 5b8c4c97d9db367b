using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PropGrade.Web.Tests;

/// <summary>The config page in Chromium over a scripted runtime: sign-in, form editing, validation and error display.</summary>
[Trait("Category", "Integration")]
public sealed class PageTests(ChromiumFixture chromium, ScriptedServer server) : IClassFixture<ChromiumFixture>, IClassFixture<ScriptedServer>
{
    [Fact]
    public async Task SignIn_WrongToken_StaysOnSignInWithError()
    {
        var page = await PageSession.OpenAsync(chromium.Browser, server.BaseAddress, token: null);
        await Expect(page.Locator("#view-signin")).ToBeVisibleAsync();

        await page.FillAsync("#token", "wrong");
        await page.ClickAsync("#token-form button[type=submit]");

        await Expect(page.Locator("#token-error")).ToContainTextAsync("not accepted");
        await Expect(page.Locator("#view-new")).ToBeHiddenAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SignIn_RightToken_ShowsFormWithDefaultsAndSurvivesReload()
    {
        var page = await PageSession.OpenAsync(chromium.Browser, server.BaseAddress, ScriptedServer.Token);

        await Expect(page.Locator("#tier-list > li")).ToHaveCountAsync(3);
        await Expect(page.Locator("#tier-name-0")).ToHaveValueAsync("A");
        await Expect(page.Locator("#tier-volume-0")).ToHaveValueAsync("40,000,000");
        await Expect(page.Locator("#tier-sides-1")).ToHaveValueAsync("40");
        await Expect(page.Locator("#markets")).ToHaveValueAsync("07030, 90210, 10001");
        await Expect(page.Locator("#maxPages")).ToHaveValueAsync("19");
        var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
        await Expect(page.Locator("#asOf")).ToHaveValueAsync(today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));

        await page.ReloadAsync();
        await Expect(page.Locator("#view-new")).ToBeVisibleAsync();
        await Expect(page.Locator("#view-signin")).ToBeHiddenAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TierEditor_AddReorderRemove_KeepsValues()
    {
        var page = await PageSession.OpenAsync(chromium.Browser, server.BaseAddress, ScriptedServer.Token);

        await page.ClickAsync("#add-tier");
        await page.FillAsync("#tier-name-3", "D");
        await page.FillAsync("#tier-sides-3", "4");
        await page.ClickAsync("button[aria-label='Move tier D up']");
        await Expect(page.Locator("#tier-name-2")).ToHaveValueAsync("D");
        await Expect(page.Locator("#tier-sides-2")).ToHaveValueAsync("4");
        await Expect(page.Locator("#tier-name-3")).ToHaveValueAsync("C");
        await page.ClickAsync("button[aria-label='Remove tier A']");
        await Expect(page.Locator("#tier-list > li")).ToHaveCountAsync(3);
        await Expect(page.Locator("#tier-name-0")).ToHaveValueAsync("B");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Launch_InvalidInput_ShowsEachErrorNextToItsFieldKeepsInputAndStartsNoRun()
    {
        var page = await PageSession.OpenAsync(chromium.Browser, server.BaseAddress, ScriptedServer.Token);
        var posts = 0;
        page.Request += (_, request) => { if (request.Method == "POST" && !request.Url.Contains("/runs/estimate", StringComparison.Ordinal)) { posts++; } };
        var launchedBefore = server.Engine.Launched;

        await page.FillAsync("#tier-volume-1", "-5");
        await page.FillAsync("#tier-name-2", "A");
        await page.FillAsync("#markets", "07030, 123");
        await page.FillAsync("#soldSince", "2030-01-01");
        await page.ClickAsync("#advanced summary");
        await page.FillAsync("#maxPages", "25");
        await page.ClickAsync("#launch");

        await Expect(page.Locator("[data-error-for='tiers[1].minVolume']")).ToHaveTextAsync("Must not be negative.");
        await Expect(page.Locator("[data-error-for='tiers[2].name']")).ToContainTextAsync("names must be unique");
        await Expect(page.Locator("[data-error-for='markets']")).ToContainTextAsync("'123' is not a 5-digit ZIP code.");
        await Expect(page.Locator("[data-error-for='soldSince']")).ToContainTextAsync("Must not be after");
        await Expect(page.Locator("[data-error-for='maxPages']")).ToContainTextAsync("between 1 and 20");
        await Expect(page.Locator("#tier-volume-1")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#form-status")).ToContainTextAsync("Not launched");
        await page.ScreenshotAsync(new() { Path = PageSession.ScreenshotPath("form-invalid-laptop"), FullPage = true });

        await Expect(page.Locator("#tier-volume-1")).ToHaveValueAsync("-5");
        await Expect(page.Locator("#markets")).ToHaveValueAsync("07030, 123");
        await Expect(page.Locator("#maxPages")).ToHaveValueAsync("25");
        Assert.Equal(0, posts);
        Assert.Equal(launchedBefore, server.Engine.Launched);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Launch_ServerRejects_ShowsServerFieldErrorsNextToFields()
    {
        var page = await PageSession.OpenAsync(chromium.Browser, server.BaseAddress, ScriptedServer.Token);
        var body = JsonSerializer.Serialize(new
        {
            errors = new[]
            {
                new { field = "tiers[1].minSides", message = "server says no." },
                new { field = "markets[1]", message = "'90210' is not served." },
                new { field = "concurrency", message = "too many." },
                new { field = "somethingElse", message = "general problem." },
            },
        });
        await page.RouteAsync("**/runs*", async route =>
        {
            if (route.Request.Method == "POST")
            {
                await route.FulfillAsync(new() { Status = 400, ContentType = "application/json", Body = body });
            }
            else
            {
                await route.ContinueAsync();
            }
        });

        await page.ClickAsync("#launch");

        await Expect(page.Locator("[data-error-for='tiers[1].minSides']")).ToHaveTextAsync("Server says no.");
        await Expect(page.Locator("[data-error-for='markets']")).ToHaveTextAsync("'90210' is not served.");
        await Expect(page.Locator("[data-error-for='concurrency']")).ToHaveTextAsync("Too many.");
        await Expect(page.Locator("[data-error-for='$']")).ToHaveTextAsync("General problem.");
        await Expect(page.Locator("#advanced")).ToHaveAttributeAsync("open", "");
        await Expect(page.Locator("#form-status")).ToContainTextAsync("server found 4 problems");
        await Expect(page.Locator("#view-new")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task WindowPreset_ServersDefaultWindow_SetsLast12MonthsEndingToday()
    {
        var page = await PageSession.OpenAsync(chromium.Browser, server.BaseAddress, ScriptedServer.Token);
        await page.FillAsync("#soldSince", "2020-01-01");
        await page.FillAsync("#asOf", "2020-06-01");
        await Expect(page.Locator("#preset-window")).ToHaveTextAsync("Last 12 months");

        await page.ClickAsync("#preset-window");

        var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
        await Expect(page.Locator("#asOf")).ToHaveValueAsync(today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await Expect(page.Locator("#soldSince")).ToHaveValueAsync(today.AddMonths(-12).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ApiRoutes_FromThePageOrigin_Need401WithoutToken()
    {
        var page = await PageSession.OpenAsync(chromium.Browser, server.BaseAddress, token: null);

        var status = await page.EvaluateAsync<int>("async () => (await fetch('/runs')).status");

        Assert.Equal(401, status);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Launch_RosterUpload_SendsTheIdsInsteadOfMarkets()
    {
        var page = await PageSession.OpenAsync(chromium.Browser, server.BaseAddress, ScriptedServer.Token);

        await page.CheckAsync("#scope-roster");
        await Expect(page.Locator("#markets")).ToBeHiddenAsync();
        await page.SetInputFilesAsync("#roster", new FilePayload
        {
            Name = "roster.csv",
            MimeType = "text/csv",
            Buffer = System.Text.Encoding.UTF8.GetBytes("advertiser_id,nrds_id,name\n1001,N1,Ann\n1002,N2,Bob\n\n1003,N3,Cy\n"),
        });
        await Expect(page.Locator("#roster-summary")).ToContainTextAsync("3 agents read from roster.csv");
        var response = await page.RunAndWaitForResponseAsync(
            () => page.ClickAsync("#launch"),
            r => r.Request.Method == "POST" && r.Url.Contains("/runs", StringComparison.Ordinal) && !r.Url.Contains("/runs/estimate", StringComparison.Ordinal));
        Assert.Equal(202, response.Status);
        // The page moves to the run with a hash change (a same-document navigation): poll the URL rather than wait
        // for a navigation event, which a busy machine can deliver before the wait starts.
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#/runs/scripted-"), new() { Timeout = 30_000 });

        using var body = JsonDocument.Parse(response.Request.PostData!);
        Assert.Equal(
            ["1001/N1", "1002/N2", "1003/N3"],
            body.RootElement.GetProperty("roster").EnumerateArray().Select(e => $"{e.GetProperty("advertiserId").GetString()}/{e.GetProperty("nrdsId").GetString()}"));
        Assert.False(body.RootElement.TryGetProperty("markets", out _));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Launch_RosterChosenButNoFile_ShowsRosterErrorAndStartsNoRun()
    {
        var page = await PageSession.OpenAsync(chromium.Browser, server.BaseAddress, ScriptedServer.Token);
        var launchedBefore = server.Engine.Launched;

        await page.CheckAsync("#scope-roster");
        await page.ClickAsync("#launch");

        await Expect(page.Locator("[data-error-for='roster']")).ToHaveTextAsync("Choose a roster file.");
        Assert.Equal(launchedBefore, server.Engine.Launched);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TokenInAddress_Wrong_ShowsSignInErrorAndLeavesNoTokenInTheAddress()
    {
        var page = await PageSession.NewPageAsync(chromium.Browser, server.BaseAddress);

        await page.GotoAsync("/#token=not-the-token");

        await Expect(page.Locator("#token-error")).ToContainTextAsync("not accepted");
        Assert.DoesNotContain("token", page.Url, StringComparison.Ordinal);
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('propgrade.token')"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TokenInAddress_PastedIntoAnOpenTab_SignsInWithoutAReload()
    {
        var page = await PageSession.OpenAsync(chromium.Browser, server.BaseAddress, token: null);
        await Expect(page.Locator("#view-signin")).ToBeVisibleAsync();

        // Same document: only the fragment changes (a hashchange, no new load of the page).
        await page.EvaluateAsync("t => { location.hash = 'token=' + t; }", ScriptedServer.Token);

        await page.Locator("#tier-list > li").First.WaitForAsync();
        await Expect(page).ToHaveURLAsync(server.BaseAddress.ToString());
        Assert.Equal(ScriptedServer.Token, await page.EvaluateAsync<string?>("() => sessionStorage.getItem('propgrade.token')"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task MoneyInput_TypedWithOrWithoutSeparators_ShowsThemAndSendsTheNumber()
    {
        var page = await PageSession.OpenAsync(chromium.Browser, server.BaseAddress, ScriptedServer.Token);

        await page.FillAsync("#tier-volume-1", "$17,500,000");
        await page.FillAsync("#tier-volume-2", "2500000");
        await page.PressAsync("#tier-volume-2", "Tab");
        await Expect(page.Locator("#tier-volume-2")).ToHaveValueAsync("2,500,000");
        await Expect(page.Locator("#tier-volume-1")).ToHaveValueAsync("17,500,000");
        var response = await page.RunAndWaitForResponseAsync(
            () => page.ClickAsync("#launch"),
            r => r.Request.Method == "POST" && r.Url.Contains("/runs", StringComparison.Ordinal) && !r.Url.Contains("/runs/estimate", StringComparison.Ordinal));

        Assert.Equal(202, response.Status);
        using var body = JsonDocument.Parse(response.Request.PostData!);
        var tiers = body.RootElement.GetProperty("tiers").EnumerateArray().ToList();
        Assert.Equal(40_000_000m, tiers[0].GetProperty("minVolume").GetDecimal());
        Assert.Equal(17_500_000m, tiers[1].GetProperty("minVolume").GetDecimal());
        Assert.Equal(2_500_000m, tiers[2].GetProperty("minVolume").GetDecimal());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task MoneyInput_NotANumber_ShowsItsErrorAndSendsNothing()
    {
        var page = await PageSession.OpenAsync(chromium.Browser, server.BaseAddress, ScriptedServer.Token);
        var launchedBefore = server.Engine.Launched;

        await page.FillAsync("#tier-volume-0", "40 million");
        await page.ClickAsync("#launch");

        await Expect(page.Locator("[data-error-for='tiers[0].minVolume']")).ToContainTextAsync("Must be a number");
        await Expect(page.Locator("#tier-volume-0")).ToHaveValueAsync("40 million");
        await Expect(page.Locator("#tier-volume-0")).ToBeFocusedAsync();
        Assert.Equal(launchedBefore, server.Engine.Launched);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Markets_ZipsTheSourceKnows_ShowTheirCity()
    {
        var page = await PageSession.OpenAsync(chromium.Browser, server.BaseAddress, ScriptedServer.Token);

        await Expect(page.Locator("#markets-places")).ToHaveTextAsync("07030 Hoboken, NJ · 90210 Beverly Hills, CA · and 1 more");
        await Expect(page.Locator("#markets")).ToHaveAccessibleDescriptionAsync(new System.Text.RegularExpressions.Regex("Hoboken, NJ"));
        await page.FillAsync("#markets", "90210");
        await Expect(page.Locator("#markets-places")).ToHaveTextAsync("90210 Beverly Hills, CA");
        await page.FillAsync("#markets", "10001");
        await Expect(page.Locator("#markets-places")).ToBeEmptyAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TierRow_ExportAndMoney_AreLabelledAndDescribed()
    {
        var page = await PageSession.OpenAsync(chromium.Browser, server.BaseAddress, ScriptedServer.Token, PageSession.Phone);

        var export = page.GetByRole(AriaRole.Checkbox, new() { Name = "Export", Exact = true });
        await Expect(export).ToHaveCountAsync(3);
        await Expect(export.First).ToHaveAccessibleDescriptionAsync(new System.Text.RegularExpressions.Regex("exported when its tier is ticked"));
        await Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = "Grade" })).ToHaveCountAsync(0);
        var volume = page.GetByRole(AriaRole.Textbox, new() { Name = "Min volume ($)" });
        await Expect(volume).ToHaveCountAsync(3);
        await Expect(volume.First).ToHaveAccessibleDescriptionAsync(new System.Text.RegularExpressions.Regex("separators are fine"));
        await Expect(page.Locator("#tier-sides-0")).ToHaveAccessibleDescriptionAsync(new System.Text.RegularExpressions.Regex("sides closed"));
        await page.ScreenshotAsync(new() { Path = PageSession.ScreenshotPath("form-tiers-phone"), FullPage = true });
        await page.Context.CloseAsync();
    }
}
