using System.Globalization;
using System.Net;
using System.Text.Json;

namespace PropGrade.Simulator.Tests.Api;

/// <summary>Every endpoint and error body of listing-API contract revision 2, over HTTP against the shared 600-agent world.</summary>
[Trait("Category", "Integration")]
public sealed class ListingApiContractTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    private static readonly string[] AgentFields =
    [
        "advertiser_id", "nrds_id", "person_name", "email", "phones", "office", "broker", "mls", "served_areas",
        "for_sale_price", "recently_sold", "agent_team_details", "agent_type", "first_year", "web_url",
    ];

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
        var list = await Client.GetOkAsync($"agents/list?postal_code={zip}&offset=0&limit=20&sort=recently_sold_high&types=agent");
        return list.GetProperty("agents").EnumerateArray().First(a => a.GetProperty("mls").GetArrayLength() > 0);
    }

    [Fact]
    public async Task AgentsList_TypesAgent_ReturnsEntriesWithTheRevisionTwoFields()
    {
        var zip = await BusiestZipAsync();
        var body = await Client.GetOkAsync($"agents/list?postal_code={zip}&offset=0&limit=20&sort=recently_sold_high&types=agent");

        var total = body.GetProperty("matching_rows").GetInt32();
        Assert.True(total > 10);
        var agents = body.GetProperty("agents").EnumerateArray().ToList();
        Assert.Equal(Math.Min(20, total), agents.Count);
        foreach (var a in agents)
        {
            Assert.Equal(AgentFields, a.EnumerateObject().Select(p => p.Name));
            Assert.Equal(JsonValueKind.Number, a.GetProperty("advertiser_id").ValueKind);
            Assert.Equal(JsonValueKind.String, a.GetProperty("nrds_id").ValueKind);
            Assert.False(a.TryGetProperty("fulfillment_id", out _), "revision 2: no top-level fulfillment_id");
            Assert.Equal(["Mobile", "Office"], a.GetProperty("phones").EnumerateArray().Select(p => p.GetProperty("type").GetString()));
            Assert.Equal(JsonValueKind.Number, a.GetProperty("office").GetProperty("fulfillment_id").ValueKind);
            Assert.Equal(JsonValueKind.Number, a.GetProperty("broker").GetProperty("fulfillment_id").ValueKind);
            Assert.InRange(a.GetProperty("mls").GetArrayLength(), 0, 3);
            foreach (var mls in a.GetProperty("mls").EnumerateArray())
            {
                Assert.Equal(["abbreviation", "license_number", "member", "primary"], mls.EnumerateObject().Select(p => p.Name));
                Assert.Equal(JsonValueKind.String, mls.GetProperty("member").GetProperty("id").ValueKind);
            }

            Assert.True(a.GetProperty("mls").EnumerateArray().Count(m => m.GetProperty("primary").GetBoolean()) <= 1);
            Assert.Equal(["name", "state_code"], a.GetProperty("served_areas")[0].EnumerateObject().Select(p => p.Name));
            Assert.Equal(["count", "min", "max", "last_listing_date"], a.GetProperty("for_sale_price").EnumerateObject().Select(p => p.Name));
            Assert.Equal(["count", "min", "max", "last_sold_date"], a.GetProperty("recently_sold").EnumerateObject().Select(p => p.Name));
            Assert.Contains(a.GetProperty("agent_team_details").GetProperty("is_team_member").ValueKind, new[] { JsonValueKind.True, JsonValueKind.False });
            Assert.Equal($"https://www.realtor.com/realestateagents/{a.GetProperty("advertiser_id").GetInt64()}", a.GetProperty("web_url").GetString());
        }

        var dated = agents.First(a => a.GetProperty("for_sale_price").GetProperty("count").GetInt32() > 0);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:00Z$", dated.GetProperty("for_sale_price").GetProperty("last_listing_date").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\d$", agents[0].GetProperty("recently_sold").GetProperty("last_sold_date").GetString());
    }

    [Fact]
    public async Task AgentsList_WithoutTypes_AlsoListsTeamsAndOfficesThatTypesAgentLeavesOut()
    {
        var zip = await BusiestZipAsync();
        var market = (await Client.GetOkAsync("__sim/markets")).GetProperty("markets").EnumerateArray()
            .Single(m => m.GetProperty("postal_code").GetString() == zip);
        var organizations = market.GetProperty("teams").GetInt32() + market.GetProperty("offices").GetInt32();
        Assert.True(organizations >= 2, "a few teams and offices per market");

        var agentsOnly = await Client.GetOkAsync($"agents/list?postal_code={zip}&limit=20&types=agent");
        var everything = await Client.GetOkAsync($"agents/list?postal_code={zip}&limit=20");
        var teams = await Client.GetOkAsync($"agents/list?postal_code={zip}&limit=20&types=team");
        Assert.Equal(market.GetProperty("agents").GetInt32(), agentsOnly.GetProperty("matching_rows").GetInt32());
        Assert.Equal(market.GetProperty("agents").GetInt32() + organizations, everything.GetProperty("matching_rows").GetInt32());
        Assert.Equal(market.GetProperty("teams").GetInt32(), teams.GetProperty("matching_rows").GetInt32());

        // Teams and offices: an advertiser id, no NRDS id, no MLS entry; get-profile does not know them.
        var team = teams.GetProperty("agents")[0];
        Assert.Equal(JsonValueKind.Null, team.GetProperty("nrds_id").ValueKind);
        Assert.Equal(0, team.GetProperty("mls").GetArrayLength());
        Assert.Contains(everything.GetProperty("agents").EnumerateArray(), a => a.GetProperty("nrds_id").ValueKind == JsonValueKind.Null);
        var (status, body, _) = await Client.GetJsonAsync($"agents/get-profile?advertiser_id={team.GetProperty("advertiser_id").GetInt64()}&nrds_id=1");
        Assert.Equal(404, status);
        Assert.Equal("Agent not found", body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task AgentsList_SortRecentlySoldHigh_OrdersByRecentlySoldCountDescending()
    {
        var zip = await BusiestZipAsync();
        var body = await Client.GetOkAsync($"agents/list?postal_code={zip}&offset=0&limit=20&sort=recently_sold_high&types=agent");
        var counts = body.GetProperty("agents").EnumerateArray()
            .Select(a => a.GetProperty("recently_sold").GetProperty("count").GetInt32()).ToList();
        Assert.Equal(counts.OrderByDescending(c => c), counts);
        Assert.True(counts[0] > counts[^1], "the top of a market should sell more than the 20th agent");
    }

    [Fact]
    public async Task AgentsList_PagingByOffset_CoversEveryAgentOnceThenEmpty()
    {
        var zip = await BusiestZipAsync();
        var first = await Client.GetOkAsync($"agents/list?postal_code={zip}&offset=0&limit=20&types=agent");
        var total = first.GetProperty("matching_rows").GetInt32();
        var ids = new List<long>();
        for (var offset = 0; offset < total; offset += 7)
        {
            var page = await Client.GetOkAsync($"agents/list?postal_code={zip}&offset={offset}&limit=7&types=agent");
            Assert.Equal(total, page.GetProperty("matching_rows").GetInt32());
            ids.AddRange(page.GetProperty("agents").EnumerateArray().Select(a => a.GetProperty("advertiser_id").GetInt64()));
        }

        Assert.Equal(total, ids.Count);
        Assert.Equal(total, ids.Distinct().Count());
        var past = await Client.GetOkAsync($"agents/list?postal_code={zip}&offset={total}&limit=20&types=agent");
        Assert.Equal(0, past.GetProperty("agents").GetArrayLength());
        Assert.Equal(total, past.GetProperty("matching_rows").GetInt32());
    }

    [Theory]
    [InlineData("agents/list?postal_code=07030&limit=21", "limit must be <= 20")]
    [InlineData("agents/list?postal_code=07030&limit=0", "limit must be an integer >= 1")]
    [InlineData("agents/list?postal_code=07030&offset=-1", "offset must be a non-negative integer")]
    [InlineData("agents/list?postal_code=07030&offset=abc", "offset must be a non-negative integer")]
    [InlineData("agents/list?postal_code=07030&types=broker", "types must be agent, team or office")]
    [InlineData("agents/list?offset=0", "postal_code is required")]
    [InlineData("agents/list?postal_code=7030", "postal_code must be a 5-digit ZIP code")]
    [InlineData("agents/get-profile", "advertiser_id and nrds_id are required")]
    [InlineData("agents/get-profile?advertiser_id=1000000", "nrds_id is required")]
    [InlineData("agents/get-profile?nrds_id=1", "advertiser_id is required")]
    [InlineData("agents/get-profile?advertiser_id=x1&nrds_id=1", "advertiser_id must be a positive integer")]
    [InlineData("agents/get-listings?type=forSold&page=1", "fulfillment_id, id and agent_id are required")]
    [InlineData("agents/get-listings?fulfillment_id=1000000&id=X&page=1", "agent_id and type are required")]
    [InlineData("agents/get-listings?fulfillment_id=1000000&id=X&agent_id=Y&type=sold&page=1", "type must be forSale or forSold")]
    [InlineData("agents/get-listings?fulfillment_id=1000000&id=X&agent_id=Y&type=forSold&page=21", "page must be <= 20")]
    [InlineData("agents/get-listings?fulfillment_id=1000000&id=X&agent_id=Y&type=forSold&page=0", "page must be an integer >= 1")]
    [InlineData("agents/get-listings?fulfillment_id=1000000&id=X&agent_id=Y&type=forSold&page=two", "page must be an integer >= 1")]
    [InlineData("agents/get-listings?fulfillment_id=abc&id=X&agent_id=Y&type=forSold&page=1", "fulfillment_id must be a positive integer")]
    public async Task Endpoints_BadParameters_Return400NamingWhatIsWrong(string url, string message)
    {
        var (status, body, _) = await Client.GetJsonAsync(url);
        Assert.Equal(400, status);
        Assert.Equal(message, body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Endpoints_UnknownAgentOrNrdsMismatch_Return404AgentNotFound()
    {
        var top = await TopAgentAsync();
        var advertiser = top.GetProperty("advertiser_id").GetInt64();
        foreach (var url in new[]
                 {
                     "agents/get-profile?advertiser_id=999&nrds_id=1",
                     "agents/get-profile?advertiser_id=1000600&nrds_id=1",
                     $"agents/get-profile?advertiser_id={advertiser}&nrds_id=000000000",
                     "agents/get-listings?fulfillment_id=12&id=X&agent_id=Y&type=forSold&page=1",
                 })
        {
            var (status, body, _) = await Client.GetJsonAsync(url);
            Assert.Equal(404, status);
            Assert.Equal("{\"message\":\"Agent not found\"}", body.GetRawText());
        }
    }

    [Fact]
    public async Task Endpoints_OddInput_AnsweredWithProviderStyleErrorsNeverA500()
    {
        var odd = new[]
        {
            "", "?", "?postal_code=", "?postal_code=%00%01", "?postal_code=07030&offset=99999999999999&limit=20",
            "?postal_code=07030&offset=2147483647&limit=20", "?postal_code=07030&limit=1&limit=2", "?postal_code=07030&sort=x",
            "?postal_code=07030&types=", "?postal_code=07030&types=agent,,team", "?advertiser_id=-1&nrds_id=1",
            "?advertiser_id=99999999999999999999&nrds_id=1", "?advertiser_id=1e6&nrds_id=", "?fulfillment_id=1000001&id=&agent_id=&type=forSold&page=-3",
            "?fulfillment_id=1000001&id=A&agent_id=B&type=forSold&page=1.5", "?fulfillment_id=%E2%82%AC&id=A&agent_id=B&type=forSale",
            "?fulfillment_id=1000001&id=A&agent_id=B&type=FORSALE", "?fulfillment_id=1000001&id=%00&agent_id=%FF&type=forSale",
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
    public async Task UnknownEndpoint_Returns404EndpointDoesNotExist()
    {
        var response = await Client.Http.GetAsync("agents/search?x=1");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("{\"message\":\"Endpoint '/agents/search' does not exist\"}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task GetProfile_KnownAgentAndNrds_ReturnsTheSameEntryAsTheList()
    {
        var top = await TopAgentAsync();
        var profile = await Client.GetOkAsync(SimClient.ProfileUrl(top));
        Assert.Equal(["agent"], profile.EnumerateObject().Select(p => p.Name));
        Assert.Equal(top.GetRawText(), profile.GetProperty("agent").GetRawText());
    }

    [Fact]
    public async Task GetListings_ForSold_NestedEnvelopeInPagesOf10NewestFirstCoveringTotal()
    {
        var top = await TopAgentAsync();
        var first = await Client.GetOkAsync(SimClient.ListingsUrl(top, "forSold", 1));
        Assert.Equal(["data"], first.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["forSold"], first.GetProperty("data").EnumerateObject().Select(p => p.Name));
        var envelope = SimClient.Envelope(first, "forSold");
        Assert.Equal(["total", "count", "results"], envelope.EnumerateObject().Select(p => p.Name));
        var total = envelope.GetProperty("total").GetInt32();
        Assert.True(total > 10, $"top agent should need more than one page, has {total}");
        Assert.Equal(10, envelope.GetProperty("count").GetInt32());

        var listings = new List<JsonElement>();
        var pages = Math.Min(20, (total + 9) / 10);
        for (var p = 1; p <= pages; p++)
        {
            var page = SimClient.Envelope(await Client.GetOkAsync(SimClient.ListingsUrl(top, "forSold", p)), "forSold");
            var items = page.GetProperty("results").EnumerateArray().ToList();
            Assert.Equal(items.Count, page.GetProperty("count").GetInt32());
            Assert.Equal(total, page.GetProperty("total").GetInt32());
            Assert.True(items.Count == 10 || p == pages, $"page {p} has {items.Count}");
            listings.AddRange(items);
        }

        Assert.Equal(Math.Min(total, 200), listings.Count);
        Assert.Equal(listings.Count, listings.Select(l => l.GetProperty("listing_id").GetString()).Distinct().Count());
        var dates = listings.Select(l => DateOnly.Parse(l.GetProperty("description").GetProperty("sold_date").GetString()!, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(dates.OrderByDescending(d => d), dates);
        var id = top.GetProperty("advertiser_id").GetInt64().ToString(CultureInfo.InvariantCulture);
        Assert.All(listings, l =>
        {
            Assert.Equal("sold", l.GetProperty("status").GetString());
            Assert.Contains(l.GetProperty("advertisers").EnumerateArray(), a => a.GetProperty("fulfillment_id").GetString() == id);
        });

        if (total <= 200)
        {
            var past = SimClient.Envelope(await Client.GetOkAsync(SimClient.ListingsUrl(top, "forSold", pages + 1)), "forSold");
            Assert.Equal(0, past.GetProperty("results").GetArrayLength());
            Assert.Equal(0, past.GetProperty("count").GetInt32());
            Assert.Equal(total, past.GetProperty("total").GetInt32());
        }
    }

    [Fact]
    public async Task GetListings_Result_HasTheContractShapeWithStringIdsAndNoNames()
    {
        var top = await TopAgentAsync();
        var listing = SimClient.Envelope(await Client.GetOkAsync(SimClient.ListingsUrl(top, "forSold", 1)), "forSold").GetProperty("results")[0];

        var names = listing.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(["property_id", "listing_id", "status", "list_price"], names.Take(4));
        Assert.Equal(["description", "location", "advertisers", "flags", "href"], names.Where(n => n != "list_date").Skip(4));
        Assert.Matches(@"^\d{10}$", listing.GetProperty("property_id").GetString());
        Assert.Matches(@"^\d{10}$", listing.GetProperty("listing_id").GetString());
        Assert.Equal(["sold_date", "sold_price", "beds", "baths_consolidated", "sqft", "type"], listing.GetProperty("description").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["line", "city", "state_code", "postal_code"], listing.GetProperty("location").GetProperty("address").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["is_pending", "is_contingent"], listing.GetProperty("flags").EnumerateObject().Select(p => p.Name));
        Assert.StartsWith("https://www.realtor.com/realestateandhomes-detail/M", listing.GetProperty("href").GetString(), StringComparison.Ordinal);
        foreach (var a in listing.GetProperty("advertisers").EnumerateArray())
        {
            Assert.Equal(["fulfillment_id", "type"], a.EnumerateObject().Select(p => p.Name));
            Assert.Equal(JsonValueKind.String, a.GetProperty("fulfillment_id").ValueKind);
        }
    }

    [Fact]
    public async Task GetListings_ForSale_NotSoldListingsNewestFirstWithForSalePriceCountingListingSideForSale()
    {
        var zip = await BusiestZipAsync();
        var list = await Client.GetOkAsync($"agents/list?postal_code={zip}&offset=0&limit=20&types=agent");
        var checkedAny = false;
        foreach (var agent in list.GetProperty("agents").EnumerateArray().Where(a => a.GetProperty("mls").GetArrayLength() > 0))
        {
            var id = agent.GetProperty("advertiser_id").GetInt64().ToString(CultureInfo.InvariantCulture);
            var items = await Client.FeedAsync(agent, "forSale");
            var listingSideForSale = items.Count(l => l.GetProperty("status").GetString() == "for_sale"
                && l.GetProperty("advertisers").EnumerateArray().Any(a => a.GetProperty("fulfillment_id").GetString() == id
                    && a.GetProperty("type").GetString() is "seller" or "co_seller"));
            Assert.Equal(agent.GetProperty("for_sale_price").GetProperty("count").GetInt32(), listingSideForSale);
            if (items.Count == 0)
            {
                continue;
            }

            checkedAny = true;
            Assert.All(items, l =>
            {
                Assert.Contains(l.GetProperty("status").GetString(), new[] { "for_sale", "off_market", "for_rent" });
                Assert.Contains(l.GetProperty("advertisers").EnumerateArray(), a => a.GetProperty("fulfillment_id").GetString() == id);
            });
            var dates = items.Where(l => l.TryGetProperty("list_date", out _)).Select(l => l.GetProperty("list_date").GetString()![..10]).ToList();
            Assert.Equal(dates.OrderByDescending(d => d, StringComparer.Ordinal), dates);
        }

        Assert.True(checkedAny, "some top agents have active listings");
    }

    [Fact]
    public async Task GetListings_AnyOfTheAgentsMlsEntries_ServesTheFeed_AForeignEntryServesNothing()
    {
        var zip = await BusiestZipAsync();
        var agents = await Client.MarketAgentsAsync(zip);
        var multi = agents.First(a => a.GetProperty("mls").GetArrayLength() >= 2 && a.GetProperty("recently_sold").GetProperty("count").GetInt32() > 0);
        var bodies = new List<string>();
        foreach (var entry in multi.GetProperty("mls").EnumerateArray())
        {
            bodies.Add((await Client.GetOkAsync(SimClient.ListingsUrl(multi, "forSold", 1, entry))).GetRawText());
        }

        Assert.Single(bodies.Distinct());
        Assert.True(SimClient.Envelope(JsonDocument.Parse(bodies[0]).RootElement, "forSold").GetProperty("total").GetInt32() > 0);

        var other = agents.First(a => a.GetProperty("advertiser_id").GetInt64() != multi.GetProperty("advertiser_id").GetInt64()
            && a.GetProperty("mls").GetArrayLength() > 0);
        var foreign = SimClient.Envelope(await Client.GetOkAsync(SimClient.ListingsUrl(multi, "forSold", 1, SimClient.ListingMls(other))), "forSold");
        Assert.Equal(0, foreign.GetProperty("total").GetInt32());
        Assert.Equal(0, foreign.GetProperty("results").GetArrayLength());
    }

    [Fact]
    public async Task AgentsList_RecentlySold_MatchesTheSoldFeedOverTwelveMonthsWithListPriceWhereUndisclosed()
    {
        var since = SimulatorFixture.Today.AddMonths(-12);
        var checkedUndisclosed = false;
        foreach (var zip in new[] { await BusiestZipAsync(), "78704", "77005" })
        {
            var agents = (await Client.MarketAgentsAsync(zip)).Where(a => a.GetProperty("mls").GetArrayLength() > 0).Take(6);
            foreach (var agent in agents)
            {
                var recent = (await Client.FeedAsync(agent, "forSold"))
                    .Where(l => DateOnly.Parse(l.GetProperty("description").GetProperty("sold_date").GetString()!, CultureInfo.InvariantCulture) >= since)
                    .ToList();
                var prices = recent.Select(l => l.GetProperty("description").GetProperty("sold_price") is { ValueKind: JsonValueKind.Number } p
                    ? p.GetInt64() : l.GetProperty("list_price").GetInt64()).ToList();
                checkedUndisclosed |= recent.Any(l => l.GetProperty("description").GetProperty("sold_price").ValueKind == JsonValueKind.Null);
                var rs = agent.GetProperty("recently_sold");
                Assert.Equal(prices.Count, rs.GetProperty("count").GetInt32());
                if (prices.Count > 0)
                {
                    Assert.Equal(prices.Min(), rs.GetProperty("min").GetInt64());
                    Assert.Equal(prices.Max(), rs.GetProperty("max").GetInt64());
                }
            }
        }

        Assert.True(checkedUndisclosed, "some Texas sales have no disclosed price");
    }

    [Fact]
    public async Task GetListings_CoListingOrBuyerSide_AppearsInThePartnersFeedToo()
    {
        var zip = await BusiestZipAsync();
        var agents = (await Client.MarketAgentsAsync(zip)).ToDictionary(a => a.GetProperty("advertiser_id").GetInt64().ToString(CultureInfo.InvariantCulture));
        var top = agents.Values.First(a => a.GetProperty("mls").GetArrayLength() > 0);
        var id = top.GetProperty("advertiser_id").GetInt64().ToString(CultureInfo.InvariantCulture);
        var shared = (await Client.FeedAsync(top, "forSold"))
            .SelectMany(l => l.GetProperty("advertisers").EnumerateArray()
                .Where(a => a.GetProperty("fulfillment_id").GetString() != id)
                .Select(a => (Listing: l.GetProperty("listing_id").GetString()!, Partner: a.GetProperty("fulfillment_id").GetString()!)))
            .Where(s => agents[s.Partner].GetProperty("mls").GetArrayLength() > 0)
            .ToList();
        Assert.NotEmpty(shared);
        foreach (var (listing, partner) in shared.Take(3))
        {
            var feed = await Client.FeedAsync(agents[partner], "forSold");
            Assert.Contains(feed, l => l.GetProperty("listing_id").GetString() == listing);
        }
    }

    [Fact]
    public async Task Auth_MissingOrUnknownKey_Returns401WithTheProviderBodies()
    {
        using var noKey = new HttpClient { BaseAddress = fixture.Host.BaseAddress };
        var response = await noKey.GetAsync("agents/list?postal_code=07030");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(
            "{\"message\":\"Missing RapidAPI application key. Go to https://docs.rapidapi.com/docs/keys to learn how to get your API application key.\"}",
            await response.Content.ReadAsStringAsync());

        using var wrong = new SimClient(fixture.Host, "not-a-key");
        var unknown = await wrong.Http.GetAsync("agents/list?postal_code=07030");
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(
            "{\"message\":\"Invalid API key. Go to https://docs.rapidapi.com/docs/keys for more info.\"}",
            await unknown.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Auth_MissingHostHeader_Returns400NamingTheHeader()
    {
        using var http = new HttpClient { BaseAddress = fixture.Host.BaseAddress };
        http.DefaultRequestHeaders.Add("X-RapidAPI-Key", fixture.Host.Options.ApiKey);
        var response = await http.GetAsync("agents/list?postal_code=07030");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("X-RapidAPI-Host", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Responses_AnsweredRequests_CarryQuotaHeadersAndNoRateHeadersWithoutARate()
    {
        foreach (var url in new[] { "agents/list?postal_code=07030&types=agent", "agents/get-profile?advertiser_id=5&nrds_id=1", "agents/list?postal_code=07030&limit=50", "agents/nope" })
        {
            var (_, _, response) = await Client.GetJsonAsync(url);
            foreach (var header in new[] { "x-ratelimit-requests-limit", "x-ratelimit-requests-remaining", "x-ratelimit-requests-reset" })
            {
                Assert.True(response.Headers.Contains(header), $"{url} lacks {header}");
            }

            foreach (var header in new[] { "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset" })
            {
                Assert.False(response.Headers.Contains(header), $"{url} has {header} though no rate is configured");
            }

            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task SimMarkets_World_CoversRealZipsIncludingSeveralNonDisclosureMarkets()
    {
        var body = await Client.GetOkAsync("__sim/markets");
        var markets = body.GetProperty("markets").EnumerateArray().ToList();
        Assert.True(markets.Count >= 60);
        Assert.True(markets.Select(m => m.GetProperty("state_code").GetString()).Distinct().Count() >= 20);
        Assert.Equal(markets.Count, markets.Select(m => m.GetProperty("postal_code").GetString()).Distinct().Count());
        Assert.Equal(600, markets.Sum(m => m.GetProperty("agents").GetInt32()));
        var nonDisclosure = markets.Where(m => m.GetProperty("non_disclosure").GetBoolean()).ToList();
        Assert.True(nonDisclosure.Count >= 10, $"{nonDisclosure.Count} non-disclosure markets");
        Assert.All(nonDisclosure, m => Assert.Contains(m.GetProperty("state_code").GetString(), new[] { "TX", "UT", "ID", "KS", "LA", "MS", "MT", "NM", "ND", "WY", "AK" }));
        Assert.Equal(0, body.GetProperty("drift").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("offset_cap").ValueKind);
    }

    [Fact]
    public async Task AgentsList_OffsetPastTheCap_Returns400AndTheTruthCountsTheTruncatedMarket()
    {
        await using var host = await SimulatorHost.StartAsync(new SimulatorOptions { Agents = 3000, Seed = 7, Today = SimulatorFixture.Today, OffsetCap = 20 });
        using var client = new SimClient(host);
        var zip = (await client.GetOkAsync("__sim/markets")).GetProperty("markets").EnumerateArray()
            .OrderByDescending(m => m.GetProperty("agents").GetInt32()).First().GetProperty("postal_code").GetString()!;
        var total = (await client.GetOkAsync($"agents/list?postal_code={zip}&types=agent")).GetProperty("matching_rows").GetInt32();
        Assert.True(total > 40);

        Assert.Equal(20, (await client.GetOkAsync($"agents/list?postal_code={zip}&offset=20&types=agent")).GetProperty("agents").GetArrayLength());
        var (status, body, _) = await client.GetJsonAsync($"agents/list?postal_code={zip}&offset=40&types=agent");
        Assert.Equal(400, status);
        Assert.Equal("{\"message\":\"offset must be <= 20\"}", body.GetRawText());

        var truth = await client.GetOkAsync($"__sim/truth?markets={zip}");
        var market = Assert.Single(truth.GetProperty("markets").EnumerateArray());
        Assert.True(market.GetProperty("truncated").GetBoolean());
        Assert.Equal(3, market.GetProperty("discovery_calls").GetInt32());
        Assert.Equal(total - 40, market.GetProperty("not_reached").GetInt32());
        Assert.Equal(40, truth.GetProperty("agents").GetArrayLength());
    }
}
