using System.Globalization;
using System.Net;
using System.Text.Json;

namespace PropGrade.Simulator.Tests.Api;

/// <summary>Each named drift mode, visible over HTTP, and what the oracle says under it.</summary>
[Trait("Category", "Integration")]
public sealed class DriftTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    private static Task<SimulatorHost> StartAsync(params string[] drift) =>
        SimulatorHost.StartAsync(new SimulatorOptions { Agents = 400, Seed = 7, Today = Today, Drift = drift });

    /// <summary>The busiest market's agents with an MLS entry, busiest first.</summary>
    private static async Task<List<JsonElement>> AgentsAsync(SimClient client)
    {
        var zip = (await client.GetOkAsync("__sim/markets")).GetProperty("markets").EnumerateArray()
            .OrderByDescending(m => m.GetProperty("agents").GetInt32()).First().GetProperty("postal_code").GetString()!;
        return [.. (await client.MarketAgentsAsync(zip)).Where(a => a.GetProperty("mls").GetArrayLength() > 0)];
    }

    private static async Task<List<JsonElement>> SoldResultsAsync(SimClient client, JsonElement agent, int pages = 1)
    {
        var results = new List<JsonElement>();
        for (var p = 1; p <= pages; p++)
        {
            results.AddRange(SimClient.Envelope(await client.GetOkAsync(SimClient.ListingsUrl(agent, "forSold", p)), "forSold").GetProperty("results").EnumerateArray());
        }

        return results;
    }

    [Fact]
    public async Task SoldPriceRenamed_ServesLastSoldPriceInsteadOfSoldPrice()
    {
        await using var host = await StartAsync(DriftNames.SoldPriceRenamed);
        using var client = new SimClient(host);
        var results = await SoldResultsAsync(client, (await AgentsAsync(client))[0]);

        Assert.NotEmpty(results);
        Assert.All(results, l =>
        {
            Assert.False(l.GetProperty("description").TryGetProperty("sold_price", out _));
            Assert.True(l.GetProperty("description").TryGetProperty("last_sold_price", out _));
        });
    }

    [Fact]
    public async Task FlatEnvelope_ServesTheRevisionOneEnvelope()
    {
        await using var host = await StartAsync(DriftNames.FlatEnvelope);
        using var client = new SimClient(host);
        var body = await client.GetOkAsync(SimClient.ListingsUrl((await AgentsAsync(client))[0], "forSold", 1));

        Assert.Equal(["matching_rows", "page", "page_size", "listings"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal(10, body.GetProperty("page_size").GetInt32());
        Assert.True(body.GetProperty("listings").GetArrayLength() > 0);
    }

    [Fact]
    public async Task UnsortedSold_ServesSoldPagesOutOfOrderButTheSameListings()
    {
        await using var sorted = await StartAsync();
        await using var host = await StartAsync(DriftNames.UnsortedSold);
        using var reference = new SimClient(sorted);
        using var client = new SimClient(host);
        var agents = await AgentsAsync(client);

        var outOfOrder = 0;
        foreach (var agent in agents.Take(8))
        {
            var served = await client.FeedAsync(agent, "forSold");
            var canonical = await reference.FeedAsync(agent, "forSold");
            Assert.Equal(canonical.Select(l => l.GetProperty("listing_id").GetString()).Order(), served.Select(l => l.GetProperty("listing_id").GetString()).Order());
            var dates = served.Select(l => l.GetProperty("description").GetProperty("sold_date").GetString()!).ToList();
            if (!dates.SequenceEqual(dates.OrderByDescending(d => d, StringComparer.Ordinal)))
            {
                outOfOrder++;
            }
        }

        Assert.True(outOfOrder >= 6, $"only {outOfOrder} of 8 busy agents' sold feeds out of order");
    }

    [Fact]
    public async Task RemovedEndpoint_GetListingsAnswers404EndpointDoesNotExist()
    {
        await using var host = await StartAsync(DriftNames.RemovedEndpoint);
        using var client = new SimClient(host);
        var agent = (await AgentsAsync(client))[0];

        var response = await client.Http.GetAsync(SimClient.ListingsUrl(agent, "forSold", 1));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("{\"message\":\"Endpoint '/agents/get-listings' does not exist\"}", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync(SimClient.ProfileUrl(agent))).StatusCode);
    }

    [Fact]
    public async Task NumericIds_ServeAdvertiserFulfillmentIdsAsNumbers()
    {
        await using var host = await StartAsync(DriftNames.NumericIds);
        using var client = new SimClient(host);
        var results = await SoldResultsAsync(client, (await AgentsAsync(client))[0]);

        Assert.All(results.SelectMany(l => l.GetProperty("advertisers").EnumerateArray()),
            a => Assert.Equal(JsonValueKind.Number, a.GetProperty("fulfillment_id").ValueKind));
    }

    [Fact]
    public async Task PendingStatus_ServesPendingAsAStatusWithoutTheFlag()
    {
        await using var host = await StartAsync(DriftNames.PendingStatus);
        using var client = new SimClient(host);
        var active = new List<JsonElement>();
        foreach (var agent in (await AgentsAsync(client)).Take(25))
        {
            active.AddRange(await client.FeedAsync(agent, "forSale"));
        }

        Assert.Contains(active, l => l.GetProperty("status").GetString() == "pending");
        Assert.All(active, l => Assert.NotEqual(JsonValueKind.True, l.GetProperty("flags").GetProperty("is_pending").ValueKind));
    }

    [Fact]
    public async Task Drift_Combined_ServesEachModeAndListsThemInSimMarkets()
    {
        await using var host = await StartAsync(DriftNames.FlatEnvelope, DriftNames.NumericIds);
        using var client = new SimClient(host);
        var body = await client.GetOkAsync(SimClient.ListingsUrl((await AgentsAsync(client))[0], "forSold", 1));

        Assert.Equal(JsonValueKind.Number, body.GetProperty("listings")[0].GetProperty("advertisers")[0].GetProperty("fulfillment_id").ValueKind);
        Assert.Equal([DriftNames.FlatEnvelope, DriftNames.NumericIds],
            (await client.GetOkAsync("__sim/markets")).GetProperty("drift").EnumerateArray().Select(d => d.GetString()));
    }

    [Fact]
    public async Task EchoKey_EchoesTheKeyInAHeaderAndEveryErrorMessage()
    {
        const string Key = "sim/echo+key 42";
        await using var host = await SimulatorHost.StartAsync(new SimulatorOptions
        {
            Agents = 400, Seed = 7, Today = Today, Drift = [DriftNames.EchoKey], ApiKey = Key, Faults = new FaultRates { Http500 = 1.0 },
        });
        using var client = new SimClient(host);
        var base64 = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Key));

        var (status, body, response) = await client.GetJsonAsync("agents/list?postal_code=07030&offset=0&limit=20&sort=recently_sold_high&types=agent");
        var (missing, missingBody, _) = await client.GetJsonAsync("agents/no-such-endpoint");

        Assert.Equal(500, status);
        var header = Assert.Single(response.Headers.GetValues("X-Echo-Key"));
        Assert.Contains("b64=" + base64, header, StringComparison.Ordinal);
        Assert.Contains("url=" + Uri.EscapeDataString(Key), header, StringComparison.Ordinal);
        Assert.Contains("basic=" + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("user:" + Key)), header, StringComparison.Ordinal);
        var message = body.GetProperty("message").GetString()!;
        Assert.Contains("key " + Key, message, StringComparison.Ordinal);
        Assert.Contains("base64 " + base64, message, StringComparison.Ordinal);
        Assert.Contains("url " + Uri.EscapeDataString(Key), message, StringComparison.Ordinal);
        Assert.Equal(404, missing);
        Assert.StartsWith("Endpoint '/agents/no-such-endpoint' does not exist (key " + Key, missingBody.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EchoKey_LeavesOkBodiesAndTheTruthAsTheyAre()
    {
        await using var plain = await StartAsync();
        await using var echo = await StartAsync(DriftNames.EchoKey);
        using var a = new SimClient(plain);
        using var b = new SimClient(echo);
        const string Url = "agents/list?postal_code=07030&offset=0&limit=20&sort=recently_sold_high&types=agent";

        var (_, _, response) = await b.GetJsonAsync(Url);

        Assert.Equal((await a.GetOkAsync(Url)).GetRawText(), (await b.GetOkAsync(Url)).GetRawText());
        Assert.True(response.Headers.Contains("X-Echo-Key"));
        Assert.Equal((await a.GetOkAsync("__sim/truth")).GetProperty("agents").GetRawText(), (await b.GetOkAsync("__sim/truth")).GetProperty("agents").GetRawText());
    }

    [Fact]
    public void Options_UnknownDriftName_IsRejectedListingTheValidNames()
    {
        var options = new SimulatorOptions { Drift = ["flat-envelope", "no-such-drift"] };
        var e = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("Unknown drift 'no-such-drift'", e.Message, StringComparison.Ordinal);
        foreach (var name in DriftNames.All)
        {
            Assert.Contains(name, e.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("sold-price-renamed")]
    [InlineData("flat-envelope")]
    [InlineData("removed-endpoint")]
    [InlineData("pending-status")]
    public async Task Truth_UnderADriftThatChangesGrading_Refuses400NamingIt(string drift)
    {
        await using var host = await StartAsync(drift);
        using var client = new SimClient(host);
        var (status, body, _) = await client.GetJsonAsync("__sim/truth");

        Assert.Equal(400, status);
        Assert.Contains($"there is no truth under drift {drift}", body.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Truth_UnderUnsortedSold_TurnsWindowEndOffAndKeepsEveryCompleteTier()
    {
        await using var sorted = await StartAsync();
        await using var host = await StartAsync(DriftNames.UnsortedSold);
        using var reference = new SimClient(sorted);
        using var client = new SimClient(host);
        const string Query = "__sim/truth?soldSince=2026-05-23";

        var a = await reference.GetOkAsync(Query);
        var b = await client.GetOkAsync(Query);
        var before = a.GetProperty("agents").EnumerateArray().ToDictionary(x => x.GetProperty("advertiser_id").GetString()!);
        var after = b.GetProperty("agents").EnumerateArray().ToDictionary(x => x.GetProperty("advertiser_id").GetString()!);

        Assert.Contains(before.Values, x => x.GetProperty("stop_reason").GetString() == "window_end");
        Assert.True(after.Values.Count(x => x.GetProperty("stop_reason").GetString() == "window_end")
            < before.Values.Count(x => x.GetProperty("stop_reason").GetString() == "window_end"));
        Assert.True(b.GetProperty("total_min_calls").GetInt64() > a.GetProperty("total_min_calls").GetInt64());
        foreach (var (id, x) in after)
        {
            Assert.Equal(before[id].GetProperty("window_tier").GetString(), x.GetProperty("window_tier").GetString());
            if (x.GetProperty("complete").GetBoolean() && before[id].GetProperty("complete").GetBoolean())
            {
                Assert.Equal(before[id].GetProperty("tier").GetString(), x.GetProperty("tier").GetString());
            }
        }

        Assert.Equal(a.GetProperty("discovery_calls").GetInt64().ToString(CultureInfo.InvariantCulture), b.GetProperty("discovery_calls").GetInt64().ToString(CultureInfo.InvariantCulture));
    }
}
