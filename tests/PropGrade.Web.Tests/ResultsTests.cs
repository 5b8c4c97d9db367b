using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PropGrade.Web.Tests;

/// <summary>
/// A finished run of 2,000 simulated agents in Chromium: the page leads with the graded agents (search, filters,
/// sorting and paging served by <c>GET /runs/{id}/agents</c>), "why this tier" shows what <c>propgrade explain</c>
/// shows, the estimate appears before launch, and the runs list reads on a 360 px phone.
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class ResultsTests(ChromiumFixture chromium, ResultsFixture results) : IClassFixture<ChromiumFixture>, IClassFixture<ResultsFixture>
{
    private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private async Task<IPage> OpenRunAsync(ViewportSize? viewport = null)
    {
        var page = await PageSession.OpenAsync(chromium.Browser, results.Server.BaseAddress, results.Server.Token, viewport);
        await page.EvaluateAsync("id => { location.hash = '#/runs/' + id; }", results.RunId);
        await Expect(page.Locator("#run-results")).ToBeVisibleAsync();
        await Expect(page.Locator("#results-body tr")).Not.ToHaveCountAsync(0);
        return page;
    }

    private static async Task<string[]> ShownIdsAsync(IPage page) =>
        [.. await page.Locator("#results-body tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.advertiserId)")];

    private static async Task ExpectPageAsync(IPage page, AgentsPage expected, int from)
    {
        var to = from + expected.Rows.Count - 1;
        await Expect(page.Locator("#results-status")).ToHaveTextAsync(
            expected.Total == 0 ? "No agent matches." : $"Agents {Count(from)}–{Count(to)} of {Count(expected.Total)}");
        await Expect(page.Locator("#results-body tr")).ToHaveCountAsync(expected.Rows.Count);
        Assert.Equal(expected.Rows.Select(r => r.AdvertiserId), await ShownIdsAsync(page));
    }

    [Fact]
    public async Task FinishedRun_ResultsTable_SearchFilterSortAndPageAreServedByTheAgentsRoute()
    {
        var page = await OpenRunAsync();
        var all = await results.AgentsAsync("pageSize=50");
        Assert.True(all.Total >= ResultsFixture.Agents / 2, $"a run of {ResultsFixture.Agents} agents grades most of them ({all.Total})");
        await ExpectPageAsync(page, all, 1);

        // The results come before the progress: the table is above the progress bars in the document.
        Assert.True(await page.EvaluateAsync<bool>(
            "() => !!(document.querySelector('#run-results').compareDocumentPosition(document.querySelector('#run-stages')) & Node.DOCUMENT_POSITION_FOLLOWING)"));
        await Expect(page.Locator("#results-head th[data-column='soldVolume']")).ToHaveAttributeAsync("aria-sort", "none");
        await page.ScreenshotAsync(new() { Path = PageSession.ScreenshotPath("results-laptop"), FullPage = true });

        // Search: part of an agent's name, typed through the labelled search box.
        var someone = all.Rows.First(r => r.Name.Contains(' ', StringComparison.Ordinal));
        var term = someone.Name.Split(' ')[^1];
        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search" }).FillAsync(term);
        var searched = await results.AgentsAsync("q=" + Uri.EscapeDataString(term) + "&pageSize=50");
        Assert.Contains(searched.Rows, r => r.AdvertiserId == someone.AdvertiserId);
        Assert.True(searched.Total < all.Total);
        await ExpectPageAsync(page, searched, 1);

        // Filter: tier B, within the search; every shown tier cell says B.
        await page.GetByLabel("Tier", new() { Exact = true }).SelectOptionAsync("B");
        var tierB = await results.AgentsAsync("q=" + Uri.EscapeDataString(term) + "&tier=B&pageSize=50");
        await ExpectPageAsync(page, tierB, 1);
        Assert.All(await page.Locator("#results-body td[data-column='tier']").AllTextContentsAsync(), t => Assert.Equal("B", t));

        // Clear the search; tier B only, then complete agents only, then sorted by closed volume (highest first).
        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search" }).FillAsync("");
        await ExpectPageAsync(page, await results.AgentsAsync("tier=B&pageSize=50"), 1);
        await page.GetByLabel("Completeness").SelectOptionAsync("false");
        await ExpectPageAsync(page, await results.AgentsAsync("tier=B&incomplete=false&pageSize=50"), 1);
        await page.GetByLabel("Tier", new() { Exact = true }).SelectOptionAsync("");
        await page.ClickAsync("#results-head button[data-sort='soldVolume']");
        await Expect(page.Locator("#results-head th[data-column='soldVolume']")).ToHaveAttributeAsync("aria-sort", "descending");
        var byVolume = await results.AgentsAsync("incomplete=false&sort=-soldVolume&pageSize=50");
        await ExpectPageAsync(page, byVolume, 1);

        // Keyboard: the focused sort button flips the direction with Enter.
        await page.Locator("#results-head button[data-sort='soldVolume']").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#results-head th[data-column='soldVolume']")).ToHaveAttributeAsync("aria-sort", "ascending");
        await ExpectPageAsync(page, await results.AgentsAsync("incomplete=false&sort=soldVolume&pageSize=50"), 1);

        // Paging: next and previous, the pager's figures from the server's total.
        await page.ClickAsync("#results-next");
        await ExpectPageAsync(page, await results.AgentsAsync("incomplete=false&sort=soldVolume&page=2&pageSize=50"), 51);
        await Expect(page.Locator("#results-previous")).ToBeEnabledAsync();
        await page.ClickAsync("#results-previous");
        await ExpectPageAsync(page, await results.AgentsAsync("incomplete=false&sort=soldVolume&pageSize=50"), 1);
        await Expect(page.Locator("#results-previous")).ToBeDisabledAsync();

        // Rows per page: 100.
        await page.GetByLabel("Rows per page").SelectOptionAsync("100");
        await ExpectPageAsync(page, await results.AgentsAsync("incomplete=false&sort=soldVolume&pageSize=100"), 1);

        // A search nobody matches.
        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search" }).FillAsync("zzzz-no-such-agent");
        await Expect(page.Locator("#results-status")).ToHaveTextAsync("No agent matches.");
        await Expect(page.Locator("#results-body tr")).ToHaveCountAsync(0);
        await Expect(page.Locator("#results-next")).ToBeDisabledAsync();

        // The per-market breakdown (most agents first, ten shown, the rest folded) and the movers: none, as this
        // is the first run of these markets.
        using var breakdown = System.Text.Json.JsonDocument.Parse(await results.GetJsonAsync($"/runs/{results.RunId}/breakdown"));
        var markets = breakdown.RootElement.GetProperty("markets").EnumerateArray().ToList();
        Assert.NotEmpty(markets);
        await Expect(page.Locator("#run-markets > .table-wrap tbody tr")).ToHaveCountAsync(Math.Min(10, markets.Count));
        var first = markets[0];
        var firstRow = page.Locator($"#run-markets tr[data-market='{first.GetProperty("market").GetString()}']");
        await Expect(firstRow.Locator("td").First).ToHaveTextAsync(Count(first.GetProperty("agents").GetInt64()));
        if (markets.Count > 10)
        {
            await Expect(page.Locator("#run-markets details summary")).ToHaveTextAsync(Count(markets.Count - 10) + (markets.Count == 11 ? " more market" : " more markets"));
        }

        await Expect(page.Locator("#run-movers")).ToHaveTextAsync("No agent moved: there is no comparable previous run, or no agent changed tier.");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task FinishedRun_AgentName_OpensWhyThisTierWithTheListingsPropgradeExplainShows()
    {
        var page = await OpenRunAsync();
        await page.ClickAsync("#results-head button[data-sort='soldVolume']");
        await Expect(page.Locator("#results-head th[data-column='soldVolume']")).ToHaveAttributeAsync("aria-sort", "descending");
        var top = (await results.AgentsAsync("sort=-soldVolume&pageSize=1")).Rows[0];
        await Expect(page.Locator("#results-body tr").First).ToHaveAttributeAsync("data-advertiser-id", top.AdvertiserId);

        // The same service `propgrade explain RUNID ADVERTISER_ID` prints.
        var explained = await results.Server.Engine.Explainer.ExplainAsync(results.RunId, top.AdvertiserId, CancellationToken.None);
        var explanation = explained.Explanation!;
        Assert.True(explanation.MatchesRow);
        Assert.Contains(explanation.Listings, l => l.Counted);

        var opener = page.Locator($"#results-body tr[data-advertiser-id='{top.AdvertiserId}'] button[data-explain]");
        await opener.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var dialog = page.Locator("#explain-dialog");
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(page.Locator("#explain-summary")).ToHaveTextAsync(explanation.Summary);
        await Expect(page.Locator("#explain-title")).ToContainTextAsync("tier " + explanation.Row.Tier);
        Assert.True(await page.EvaluateAsync<bool>("() => document.querySelector('#explain-dialog').contains(document.activeElement)"), "focus is inside the dialog");

        var rows = page.Locator("#explain-body table.explain-listings tbody tr");
        await Expect(rows).ToHaveCountAsync(explanation.Listings.Count);
        var shown = await rows.EvaluateAllAsync<string[][]>("rows => rows.map(r => [r.dataset.listingId, r.dataset.verdict])");
        Assert.Equal(explanation.Listings.Select(l => new[] { l.ListingId, l.Verdict }), shown);
        await Expect(page.Locator("#explain-body .explain-totals")).ToContainTextAsync("the graded figures.");
        foreach (var check in explanation.Tiers)
        {
            await Expect(page.Locator($"#explain-body tr[data-tier='{check.Tier}']")).ToBeVisibleAsync();
        }

        var counted = explanation.Listings.First(l => l.Counted);
        await Expect(page.Locator($"#explain-body tr[data-listing-id='{counted.ListingId}'] td[data-column='verdict']").First).ToContainTextAsync("Counted +$");
        await page.ScreenshotAsync(new() { Path = PageSession.ScreenshotPath("explain-laptop"), FullPage = false });

        // Esc closes it and the focus goes back to the agent's name.
        await page.Keyboard.PressAsync("Escape");
        await Expect(dialog).ToBeHiddenAsync();
        Assert.Equal(top.AdvertiserId, await page.EvaluateAsync<string>("() => document.activeElement.dataset.explain"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task NewRunForm_BeforeLaunch_ShowsTheEstimateAndFollowsTheForm()
    {
        var before = (await results.Server.Engine.Runs.ListAsync(1000, CancellationToken.None)).Count;
        var page = await PageSession.OpenAsync(chromium.Browser, results.Server.BaseAddress, results.Server.Token);
        var headline = page.Locator("#estimate-body [data-estimate='headline']");
        await Expect(headline).ToContainTextAsync(EstimateHeadline());
        await Expect(page.Locator("#estimate-body [data-estimate='quota']")).ToContainTextAsync("Quota left:");
        var full = await headline.TextContentAsync();

        // One market: a smaller run, estimated again after the pause.
        var market = (await page.InputValueAsync("#markets")).Split(',')[0].Trim();
        await page.FillAsync("#markets", market);
        await Expect(headline).Not.ToHaveTextAsync(full!);
        await Expect(headline).ToContainTextAsync(EstimateHeadline());

        // An invalid form has no estimate; the estimate launches nothing.
        await page.FillAsync("#markets", "0703");
        await Expect(page.Locator("#estimate-body")).ToContainTextAsync("once the form is valid");
        Assert.Equal(before, (await results.Server.Engine.Runs.ListAsync(1000, CancellationToken.None)).Count);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task RunsList_PhoneOf360Pixels_ShowsWindowMarketsAndTierCountsWithoutSidewaysScrolling()
    {
        var record = (await results.Server.Engine.Runs.GetAsync(results.RunId, CancellationToken.None))!;
        var page = await PageSession.OpenAsync(chromium.Browser, results.Server.BaseAddress, results.Server.Token, new ViewportSize { Width = 360, Height = 780 });
        await page.EvaluateAsync("() => { location.hash = '#/runs'; }");
        var row = page.Locator($"#all-runs tr[data-run-id='{results.RunId}']");
        await Expect(row).ToBeVisibleAsync();
        var window = $"{record.Request.SoldSince:yyyy-MM-dd} – {record.Request.AsOf:yyyy-MM-dd}";
        await Expect(row.Locator("td[data-label='Window']")).ToHaveTextAsync(window);
        var tiers = row.Locator("td[data-label='Tiers']");
        foreach (var (tier, count) in record.TierCounts)
        {
            await Expect(tiers).ToContainTextAsync($"{tier} {Count(count)}");
        }

        await Expect(row.Locator("td[data-label='Agents from']")).ToContainTextAsync(record.Request.Markets![0]);
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        Assert.True(widths[0] <= widths[1], $"the page scrolls sideways: {widths[0]} px wide in {widths[1]} px");
        await page.ScreenshotAsync(new() { Path = PageSession.ScreenshotPath("runs-phone-360"), FullPage = true });

        // The run's page at the same width leads with its results, readable too.
        await row.Locator("a").ClickAsync();
        await Expect(page.Locator("#run-results")).ToBeVisibleAsync();
        await Expect(page.Locator("#results-body tr")).Not.ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = PageSession.ScreenshotPath("results-phone-360"), FullPage = false });
        await page.Context.CloseAsync();
    }

    [GeneratedRegex(@"^About [\d,]+ agents? and [\d,]+ API calls? \([\d,]+ for discovery\): at least .+ at .+ req/s")]
    private static partial Regex EstimateHeadline();
}
