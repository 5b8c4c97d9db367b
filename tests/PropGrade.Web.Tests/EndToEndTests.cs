using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using PropGrade.Core.Runs;
using static Microsoft.Playwright.Assertions;

namespace PropGrade.Web.Tests;

/// <summary>
/// The page in Chromium against <c>propgrade serve</c>'s composition and the simulator: launch, watch, download,
/// run again. Screenshots land in <c>artifacts/screenshots/</c>.
/// </summary>
[Trait("Category", "Integration")]
public sealed class EndToEndTests(ChromiumFixture chromium, ServeFixture serve) : IClassFixture<ChromiumFixture>, IClassFixture<ServeFixture>
{
    private static readonly string[] CsvLeadingColumns =
    [
        "advertiser_id", "fulfillment_id", "name", "office", "tier", "sold_volume", "sold_sides", "active_volume",
        "active_count", "initial_tier", "complete", "stop_reason", "pages_fetched", "movement",
    ];

    private static readonly LocatorAssertionsToHaveAttributeOptions Finish = new() { Timeout = 90_000 };

    private Task<IPage> OpenAsync(ViewportSize? viewport = null) =>
        PageSession.OpenAsync(chromium.Browser, serve.Server.BaseAddress, serve.Server.Token, viewport);

    private static async Task<string> WaitForFinishAsync(IPage page)
    {
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#/runs/.+"), new() { Timeout = 30_000 });
        await Expect(page.Locator("#run-status")).ToHaveAttributeAsync("data-status", new System.Text.RegularExpressions.Regex("^(SUCCEEDED|PARTIAL)$"), Finish);
        await page.Locator("[data-export='graded.csv']").WaitForAsync(new() { Timeout = 15_000 });
        return Uri.UnescapeDataString(page.Url[(page.Url.IndexOf("#/runs/", StringComparison.Ordinal) + 7)..]);
    }

    [Fact]
    public async Task LaunchRun_AgainstSimulator_FinishesAndTheCsvDownloads()
    {
        var page = await OpenAsync();
        await page.ClickAsync("#advanced summary");
        await page.FillAsync("#maxPages", "10");
        await page.FillAsync("#concurrency", "3");
        await page.ScreenshotAsync(new() { Path = PageSession.ScreenshotPath("form-laptop"), FullPage = true });

        await page.ClickAsync("#launch");
        var runId = await WaitForFinishAsync(page);

        var record = (await serve.Server.Engine.Runs.GetAsync(runId, CancellationToken.None))!;
        Assert.Equal(RunTrigger.Api, record.Trigger);
        Assert.Equal(10, record.Request.MaxPages);
        Assert.True(record.Counters.AgentsDiscovered > 0);
        await Expect(page.Locator("[data-figure='Agents discovered']")).ToHaveTextAsync(record.Counters.AgentsDiscovered.ToString("N0", CultureInfo.InvariantCulture));
        await Expect(page.Locator("[data-figure='API calls']")).ToHaveTextAsync(record.Counters.ApiCalls.ToString("N0", CultureInfo.InvariantCulture));
        foreach (var (tier, count) in record.TierCounts)
        {
            await Expect(page.Locator($"#run-chart text[data-tier='{tier}']")).ToHaveTextAsync(count.ToString(CultureInfo.InvariantCulture));
        }

        await page.ScreenshotAsync(new() { Path = PageSession.ScreenshotPath("run-finished-laptop"), FullPage = true });

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-export='graded.csv']"));
        Assert.Equal("graded.csv", download.SuggestedFilename);
        var downloaded = await File.ReadAllBytesAsync((await download.PathAsync())!);
        await using var stored = (await serve.Server.Engine.Exports.OpenReadAsync(runId, "graded.csv", CancellationToken.None))!;
        using var expected = new MemoryStream();
        await stored.CopyToAsync(expected);
        Assert.Equal(expected.ToArray(), downloaded);

        var lines = Encoding.UTF8.GetString(downloaded).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(CsvLeadingColumns, lines[0].TrimEnd('\r').Split(',').Take(CsvLeadingColumns.Length));
        var selectedGraded = record.TierCounts.Where(t => record.Request.SelectedTiers.Contains(t.Key)).Sum(t => t.Value);
        Assert.Equal(selectedGraded, lines.Length - 1);

        // The run lives in the store, not the page: a reload shows it again.
        await page.ReloadAsync(new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        await Expect(page.Locator("#run-status")).ToHaveAttributeAsync("data-status", record.Status.ToString().ToUpperInvariant());
        await Expect(page.Locator("#run-id")).ToHaveTextAsync(runId);

        var phone = await OpenAsync(PageSession.Phone);
        await phone.ScreenshotAsync(new() { Path = PageSession.ScreenshotPath("form-phone"), FullPage = true });
        await phone.EvaluateAsync("id => { location.hash = '#/runs/' + id; }", runId);
        await phone.Locator("[data-export='graded.csv']").WaitForAsync();
        await phone.ScreenshotAsync(new() { Path = PageSession.ScreenshotPath("run-finished-phone"), FullPage = true });
        await phone.Context.CloseAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task RunAgain_FromAFinishedRun_PrefillsTheFormAndReproducesTheRequestExactly()
    {
        var page = await OpenAsync();
        var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
        await page.UncheckAsync("#tier-selected-2");
        await page.FillAsync("#tier-sides-1", "30");
        await page.FillAsync("#tier-volume-2", "2500000");
        await page.ClickAsync("#add-tier");
        await page.FillAsync("#tier-name-3", "D");
        await page.FillAsync("#tier-sides-3", "3");
        await page.CheckAsync("#includeActive");
        await page.FillAsync("#markets", "07030, 90210\n10011");
        await page.FillAsync("#soldSince", today.AddMonths(-6).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.ClickAsync("#advanced summary");
        await page.FillAsync("#maxPages", "7");

        await page.ClickAsync("#launch");
        var firstId = await WaitForFinishAsync(page);

        await page.ClickAsync("#run-again");
        await Expect(page.Locator("#view-new")).ToBeVisibleAsync();
        await Expect(page.Locator("#form-status")).ToContainTextAsync(firstId);
        await Expect(page.Locator("#tier-list > li")).ToHaveCountAsync(4);
        await Expect(page.Locator("#tier-sides-1")).ToHaveValueAsync("30");
        await Expect(page.Locator("#tier-volume-2")).ToHaveValueAsync("2,500,000");
        await Expect(page.Locator("#tier-name-3")).ToHaveValueAsync("D");
        await Expect(page.Locator("#tier-selected-2")).Not.ToBeCheckedAsync();
        await Expect(page.Locator("#tier-selected-3")).ToBeCheckedAsync();
        await Expect(page.Locator("#includeActive")).ToBeCheckedAsync();
        await Expect(page.Locator("#markets")).ToHaveValueAsync("07030, 90210, 10011");
        await Expect(page.Locator("#maxPages")).ToHaveValueAsync("7");
        await Expect(page.Locator("#soldSince")).ToHaveValueAsync(today.AddMonths(-6).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

        await page.ClickAsync("#launch");
        var secondId = await WaitForFinishAsync(page);

        Assert.NotEqual(firstId, secondId);
        Assert.Equal(await RequestJsonAsync(page, firstId), await RequestJsonAsync(page, secondId));
        var first = (await serve.Server.Engine.Runs.GetAsync(firstId, CancellationToken.None))!.Request;
        Assert.Equal(["A", "B", "D"], first.SelectedTiers);
        Assert.True(first.IncludeActive);
        Assert.Equal(["07030", "90210", "10011"], first.Markets);

        await Expect(page.Locator("#run-movement")).ToContainTextAsync("previous run");
        await page.ScreenshotAsync(new() { Path = PageSession.ScreenshotPath("run-again-laptop"), FullPage = true });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Launch_InvalidInput_ShowsFieldErrorsAndTheServerStoresNoRun()
    {
        var before = (await serve.Server.Engine.Runs.ListAsync(1000, CancellationToken.None)).Count;
        var page = await OpenAsync();

        await page.FillAsync("#tier-name-1", "");
        await page.FillAsync("#markets", "0703");
        await page.ClickAsync("#launch");

        await Expect(page.Locator("[data-error-for='tiers[1].name']")).ToHaveTextAsync("Must not be empty.");
        await Expect(page.Locator("[data-error-for='markets']")).ToContainTextAsync("'0703' is not a 5-digit ZIP code.");
        await Expect(page.Locator("#markets")).ToHaveValueAsync("0703");
        Assert.Equal(before, (await serve.Server.Engine.Runs.ListAsync(1000, CancellationToken.None)).Count);
        await page.Context.CloseAsync();
    }

    /// <summary>The run's request as the API returns it (the page's own fetch, with its token).</summary>
    private async Task<string> RequestJsonAsync(IPage page, string runId)
    {
        var body = await page.EvaluateAsync<string>(
            "async ([id, token]) => await (await fetch('/runs/' + id, { headers: { Authorization: 'Bearer ' + token } })).text()",
            new object[] { runId, serve.Server.Token });
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("request").GetRawText();
    }
}
