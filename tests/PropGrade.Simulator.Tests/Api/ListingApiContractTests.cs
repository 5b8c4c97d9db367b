using System.Globalization;
using System.Net;
using System.Text.Json;

namespace PropGrade.Simulator.Tests.Api;

[Trait("Category", "Integration")]
public sealed class ListingApiContractTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    private SimClient Client => fixture.Client;

    private async Task<string> BusiestZipAsync()
    {
        var markets = await Client.GetOkAsync("__sim/markets");
        return markets.GetProperty("markets").EnumerateArray()
            .OrderByDescending(m => m.GetProperty("agents").GetInt32()).First().GetProperty("postal_code").GetString()!;
    }

    private async Task<JsonElement> TopAgentAsync()
    {
        var zip = await BusiestZipAsync();
        var list = await Client.GetOkAsync($"agents/list?postal_code={zip}&offset=0&limit=1&sort=recently_sold_high");
        return list.GetProperty("agents")[0];
    }

    [Fact]
    public async Task AgentsList_ValidMarket_ReturnsSummariesWithPublishedFieldNames()
    {
        var zip = await BusiestZipAsync();
        var body = await Client.GetOkAsync($"agents/list?postal_code={zip}&offset=0&limit=20&sort=recently_sold_high");

        var total = body.GetProperty("matching_rows").GetInt32();
        Assert.True(total > 1);
        var agents = body.GetProperty("agents").EnumerateArray().ToList();
        Assert.Equal(Math.Min(20, total), agents.Count);
        var a = agents[0];
        foreach (var name in new[]
                 {
                     "advertiser_id", "fulfillment_id", "nrds_id", "person_name", "office", "broker", "email", "phones",
                     "mls", "served_areas", "for_sale_price", "recently_sold", "agent_team_details", "agent_type", "first_year",
                 })
        {
            Assert.True(a.TryGetProperty(name, out _), $"missing {name}");
        }

        Assert.Equal(JsonValueKind.Number, a.GetProperty("advertiser_id").ValueKind);
        Assert.Equal(JsonValueKind.Number, a.GetProperty("office").GetProperty("fulfillment_id").ValueKind);
        Assert.Equal("mobile", a.GetProperty("phones")[0].GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Number, a.GetProperty("recently_sold").GetProperty("count").ValueKind);
        Assert.True(a.GetProperty("recently_sold").TryGetProperty("last_sold_date", out _));
        Assert.True(a.GetProperty("for_sale_price").TryGetProperty("last_listing_date", out _));
        Assert.Contains(a.GetProperty("agent_team_details").GetProperty("is_team_member").ValueKind, new[] { JsonValueKind.True, JsonValueKind.False });
        Assert.Equal(zip, (await Client.GetOkAsync($"agents/get-listings?fulfillment_id={a.GetProperty("fulfillment_id").GetInt64()}&type=forSold&page=1"))
            .GetProperty("listings")[0].GetProperty("address").GetProperty("postal_code").GetString());
    }

    [Fact]
    public async Task AgentsList_SortRecentlySoldHigh_OrdersByRecentlySoldCountDescending()
    {
        var zip = await BusiestZipAsync();
        var body = await Client.GetOkAsync($"agents/list?postal_code={zip}&offset=0&limit=20&sort=recently_sold_high");
        var counts = body.GetProperty("agents").EnumerateArray()
            .Select(a => a.GetProperty("recently_sold").GetProperty("count").GetInt32()).ToList();
        Assert.Equal(counts.OrderByDescending(c => c), counts);
        Assert.True(counts[0] > counts[^1], "the top of a market should sell more than the 20th agent");
    }

    [Fact]
    public async Task AgentsList_PagingByOffset_CoversEveryAgentOnceThenEmpty()
    {
        var zip = await BusiestZipAsync();
        var first = await Client.GetOkAsync($"agents/list?postal_code={zip}&offset=0&limit=20");
        var total = first.GetProperty("matching_rows").GetInt32();
        var ids = new List<long>();
        for (var offset = 0; offset < total; offset += 7)
        {
            var page = await Client.GetOkAsync($"agents/list?postal_code={zip}&offset={offset}&limit=7");
            Assert.Equal(total, page.GetProperty("matching_rows").GetInt32());
            ids.AddRange(page.GetProperty("agents").EnumerateArray().Select(a => a.GetProperty("advertiser_id").GetInt64()));
        }

        Assert.Equal(total, ids.Count);
        Assert.Equal(total, ids.Distinct().Count());
        var past = await Client.GetOkAsync($"agents/list?postal_code={zip}&offset={total}&limit=20");
        Assert.Equal(0, past.GetProperty("agents").GetArrayLength());
        Assert.Equal(total, past.GetProperty("matching_rows").GetInt32());
    }

    [Theory]
    [InlineData("agents/list?postal_code=07030&limit=21", "limit must be <= 20")]
    [InlineData("agents/list?postal_code=07030&limit=0", "limit must be an integer >= 1")]
    [InlineData("agents/list?postal_code=07030&offset=-1", "offset must be a non-negative integer")]
    [InlineData("agents/list?postal_code=07030&offset=abc", "offset must be a non-negative integer")]
    [InlineData("agents/list?offset=0", "postal_code is required")]
    [InlineData("agents/list?postal_code=7030", "postal_code must be a 5-digit ZIP code")]
    [InlineData("agents/get-profile", "advertiser_id is required")]
    [InlineData("agents/get-profile?advertiser_id=x1", "advertiser_id must be a positive integer")]
    [InlineData("agents/get-listings?type=forSold&page=1", "fulfillment_id is required")]
    [InlineData("agents/get-listings?fulfillment_id=3000000&page=1", "type is required (forSale or forSold)")]
    [InlineData("agents/get-listings?fulfillment_id=3000000&type=sold&page=1", "type must be forSale or forSold")]
    [InlineData("agents/get-listings?fulfillment_id=3000000&type=forSold&page=21", "page must be <= 20")]
    [InlineData("agents/get-listings?fulfillment_id=3000000&type=forSold&page=0", "page must be an integer >= 1")]
    [InlineData("agents/get-listings?fulfillment_id=3000000&type=forSold&page=two", "page must be an integer >= 1")]
    public async Task Endpoints_BadParameters_Return400WithMessage(string url, string message)
    {
        var (status, body, _) = await Client.GetJsonAsync(url);
        Assert.Equal(400, status);
        Assert.Equal(message, body.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("agents/get-profile?advertiser_id=999")]
    [InlineData("agents/get-profile?advertiser_id=1000600")]
    [InlineData("agents/get-listings?fulfillment_id=12&type=forSold&page=1")]
    public async Task Endpoints_UnknownAgent_Return404AgentNotFound(string url)
    {
        var (status, body, _) = await Client.GetJsonAsync(url);
        Assert.Equal(404, status);
        Assert.Equal("Agent not found", body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Endpoints_OddInput_AnsweredWithProviderStyleErrorsNeverA500()
    {
        var odd = new[]
        {
            "", "?", "?postal_code=", "?postal_code=%00%01", "?postal_code=07030&offset=99999999999999&limit=20",
            "?postal_code=07030&offset=2147483647&limit=20", "?postal_code=07030&limit=1&limit=2", "?postal_code=07030&sort=x",
            "?advertiser_id=-1", "?advertiser_id=99999999999999999999", "?advertiser_id=1e6", "?fulfillment_id=3000001&type=forSold&page=-3",
            "?fulfillment_id=3000001&type=forSold&page=1.5", "?fulfillment_id=%E2%82%AC&type=forSale", "?fulfillment_id=3000001&type=FORSALE",
        };
        foreach (var path in new[] { "agents/list", "agents/get-profile", "agents/get-listings" })
        {
            foreach (var query in odd)
            {
                var (status, body, _) = await Client.GetJsonAsync(path + query);
                Assert.True(status is 200 or 400 or 404, $"{path}{query} -> {status}");
                if (status != 200)
                {
                    Assert.False(string.IsNullOrEmpty(body.GetProperty("message").GetString()), $"{path}{query}");
                }
            }
        }
    }

    [Fact]
    public async Task UnknownEndpoint_Returns404WithMessage()
    {
        var (status, body, _) = await Client.GetJsonAsync("agents/search?x=1");
        Assert.Equal(404, status);
        Assert.Contains("does not exist", body.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetProfile_KnownAgent_ReturnsSameSummaryAsList()
    {
        var top = await TopAgentAsync();
        var profile = await Client.GetOkAsync($"agents/get-profile?advertiser_id={top.GetProperty("advertiser_id").GetInt64()}");
        Assert.Equal(top.GetRawText(), profile.GetProperty("agent").GetRawText());
    }

    [Fact]
    public async Task GetListings_ForSold_PagesOf10NewestFirstCoveringMatchingRows()
    {
        var top = await TopAgentAsync();
        var fid = top.GetProperty("fulfillment_id").GetInt64();
        var first = await Client.GetOkAsync($"agents/get-listings?fulfillment_id={fid}&type=forSold&page=1");
        var total = first.GetProperty("matching_rows").GetInt32();
        Assert.True(total > 10, $"top agent should need more than one page, has {total}");
        Assert.Equal(10, first.GetProperty("page_size").GetInt32());
        Assert.Equal(1, first.GetProperty("page").GetInt32());

        var listings = new List<JsonElement>();
        var pages = Math.Min(20, (total + 9) / 10);
        for (var p = 1; p <= pages; p++)
        {
            var page = await Client.GetOkAsync($"agents/get-listings?fulfillment_id={fid}&type=forSold&page={p}");
            var items = page.GetProperty("listings").EnumerateArray().ToList();
            Assert.True(items.Count == 10 || p == pages, $"page {p} has {items.Count}");
            listings.AddRange(items);
        }

        Assert.Equal(Math.Min(total, 200), listings.Count);
        Assert.Equal(listings.Count, listings.Select(l => l.GetProperty("listing_id").GetString()).Distinct().Count());
        var dates = listings.Select(l => DateOnly.Parse(l.GetProperty("sold_date").GetString()!, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(dates.OrderByDescending(d => d), dates);
        Assert.All(listings, l =>
        {
            Assert.Equal("sold", l.GetProperty("status").GetString());
            Assert.Equal(JsonValueKind.Number, l.GetProperty("sold_price").ValueKind);
            Assert.Contains(l.GetProperty("advertisers").EnumerateArray(), a => a.GetProperty("fulfillment_id").GetInt64() == fid);
            Assert.True(l.GetProperty("advertisers").EnumerateArray().Count(a => a.GetProperty("type").GetString() == "seller") <= 2);
            Assert.True(l.GetProperty("advertisers").EnumerateArray().Count(a => a.GetProperty("type").GetString() == "buyer") <= 2);
        });

        if (total <= 200)
        {
            var past = await Client.GetOkAsync($"agents/get-listings?fulfillment_id={fid}&type=forSold&page={pages + 1}");
            Assert.Equal(0, past.GetProperty("listings").GetArrayLength());
            Assert.Equal(total, past.GetProperty("matching_rows").GetInt32());
        }
    }

    [Fact]
    public async Task GetListings_ForSale_ActiveSellerListingsNewestListDateFirst()
    {
        var zip = await BusiestZipAsync();
        var list = await Client.GetOkAsync($"agents/list?postal_code={zip}&offset=0&limit=20");
        var checkedAny = false;
        foreach (var agent in list.GetProperty("agents").EnumerateArray())
        {
            var fid = agent.GetProperty("fulfillment_id").GetInt64();
            var page = await Client.GetOkAsync($"agents/get-listings?fulfillment_id={fid}&type=forSale&page=1");
            var items = page.GetProperty("listings").EnumerateArray().ToList();
            Assert.Equal(agent.GetProperty("for_sale_price").GetProperty("count").GetInt32(), page.GetProperty("matching_rows").GetInt32());
            if (items.Count == 0)
            {
                continue;
            }

            checkedAny = true;
            Assert.All(items, l =>
            {
                Assert.Contains(l.GetProperty("status").GetString(), new[] { "for_sale", "pending" });
                Assert.Equal(JsonValueKind.Null, l.GetProperty("sold_price").ValueKind);
                Assert.Equal(JsonValueKind.Null, l.GetProperty("sold_date").ValueKind);
                Assert.All(l.GetProperty("advertisers").EnumerateArray(), a => Assert.Equal("seller", a.GetProperty("type").GetString()));
                Assert.Contains(l.GetProperty("advertisers").EnumerateArray(), a => a.GetProperty("fulfillment_id").GetInt64() == fid);
            });
            var dates = items.Select(l => l.GetProperty("list_date").GetString()!).ToList();
            Assert.Equal(dates.OrderByDescending(d => d, StringComparer.Ordinal), dates);
        }

        Assert.True(checkedAny, "some top agents have active listings");
    }

    [Fact]
    public async Task GetProfile_RecentlySold_MatchesTheSoldFeedOverTwelveMonths()
    {
        var top = await TopAgentAsync();
        var fid = top.GetProperty("fulfillment_id").GetInt64();
        var since = SimulatorFixture.Today.AddMonths(-12);
        var prices = new List<long>();
        for (var p = 1; p <= 20; p++)
        {
            var page = await Client.GetOkAsync($"agents/get-listings?fulfillment_id={fid}&type=forSold&page={p}");
            var items = page.GetProperty("listings").EnumerateArray().ToList();
            prices.AddRange(items
                .Where(l => DateOnly.Parse(l.GetProperty("sold_date").GetString()!, CultureInfo.InvariantCulture) >= since)
                .Select(l => l.GetProperty("sold_price").GetInt64()));
            if (items.Count < 10 || DateOnly.Parse(items[^1].GetProperty("sold_date").GetString()!, CultureInfo.InvariantCulture) < since)
            {
                break;
            }
        }

        var rs = top.GetProperty("recently_sold");
        Assert.Equal(prices.Count, rs.GetProperty("count").GetInt32());
        Assert.Equal(prices.Min(), rs.GetProperty("min").GetInt64());
        Assert.Equal(prices.Max(), rs.GetProperty("max").GetInt64());
    }

    [Fact]
    public async Task GetListings_CoListingOrBuyerSide_AppearsInThePartnersFeedToo()
    {
        var top = await TopAgentAsync();
        var fid = top.GetProperty("fulfillment_id").GetInt64();
        var page = await Client.GetOkAsync($"agents/get-listings?fulfillment_id={fid}&type=forSold&page=1");
        var shared = page.GetProperty("listings").EnumerateArray()
            .SelectMany(l => l.GetProperty("advertisers").EnumerateArray()
                .Where(a => a.GetProperty("fulfillment_id").GetInt64() != fid)
                .Select(a => (Listing: l.GetProperty("listing_id").GetString()!, Partner: a.GetProperty("fulfillment_id").GetInt64())))
            .ToList();
        Assert.NotEmpty(shared);
        foreach (var (listing, partner) in shared.Take(3))
        {
            var found = false;
            for (var p = 1; p <= 20 && !found; p++)
            {
                var items = (await Client.GetOkAsync($"agents/get-listings?fulfillment_id={partner}&type=forSold&page={p}"))
                    .GetProperty("listings").EnumerateArray().ToList();
                found = items.Any(l => l.GetProperty("listing_id").GetString() == listing);
                if (items.Count < 10)
                {
                    break;
                }
            }

            Assert.True(found, $"{listing} missing from partner {partner}'s feed");
        }
    }

    [Fact]
    public async Task Auth_MissingOrUnknownKey_Returns401WithProviderMessage()
    {
        using var noKey = new HttpClient { BaseAddress = fixture.Host.BaseAddress };
        var response = await noKey.GetAsync("agents/get-profile?advertiser_id=1000000");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(
            "{\"message\":\"Invalid API key. Go to https://docs.rapidapi.com/docs/keys for more info.\"}",
            await response.Content.ReadAsStringAsync());

        using var wrong = new SimClient(fixture.Host, "not-a-key");
        var (status, _, _) = await wrong.GetJsonAsync("agents/get-profile?advertiser_id=1000000");
        Assert.Equal(401, status);
    }

    [Fact]
    public async Task Auth_MissingHostHeader_Returns400NamingTheHeader()
    {
        using var http = new HttpClient { BaseAddress = fixture.Host.BaseAddress };
        http.DefaultRequestHeaders.Add("X-RapidAPI-Key", fixture.Host.Options.ApiKey);
        var response = await http.GetAsync("agents/get-profile?advertiser_id=1000000");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("X-RapidAPI-Host", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Responses_AnyStatus_CarryRateLimitHeaders()
    {
        foreach (var url in new[] { "agents/get-profile?advertiser_id=1000001", "agents/get-profile?advertiser_id=5", "agents/list?postal_code=07030&limit=50" })
        {
            var (_, _, response) = await Client.GetJsonAsync(url);
            foreach (var header in new[] { "x-ratelimit-requests-limit", "x-ratelimit-requests-remaining", "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset" })
            {
                Assert.True(response.Headers.Contains(header), $"{url} lacks {header}");
            }

            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task SimMarkets_World_CoversAtLeast60ZipsIn20StatesAndAllAgents()
    {
        var markets = (await Client.GetOkAsync("__sim/markets")).GetProperty("markets").EnumerateArray().ToList();
        Assert.True(markets.Count >= 60);
        Assert.True(markets.Select(m => m.GetProperty("state_code").GetString()).Distinct().Count() >= 20);
        Assert.Equal(markets.Count, markets.Select(m => m.GetProperty("postal_code").GetString()).Distinct().Count());
        Assert.Equal(600, markets.Sum(m => m.GetProperty("agents").GetInt32()));
    }
}
