using System.Globalization;
using System.Text.Json;

namespace PropGrade.Simulator.Tests.Api;

/// <summary>
/// The real-world traits as a client sees them: a whole 1,000-agent world read over HTTP the way a crawler reads it
/// (every market with types=agent, every agent's two feeds), each trait counted on the served JSON and compared with
/// its configured rate (within 4.5 binomial standard deviations).
/// </summary>
[Trait("Category", "Integration")]
public sealed class ListingTraitsHttpTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);
    private static readonly string[] NonDisclosure = ["TX", "UT", "ID", "KS", "LA", "MS", "MT", "NM", "ND", "WY", "AK"];

    private static void AssertRate(string what, int hits, int n, double p)
    {
        Assert.True(n > 50, $"{what}: only {n} seen");
        var tolerance = (4.5 * Math.Sqrt(n * p * (1 - p))) + 2;
        Assert.True(Math.Abs(hits - (n * p)) <= tolerance, $"{what}: {hits} of {n} = {(double)hits / n:P2}, expected {p:P2} (+- {tolerance:0})");
    }

    [Fact]
    public async Task Crawl_WholeWorld_ShowsEachTraitNearItsConfiguredRate()
    {
        await using var host = await SimulatorHost.StartAsync(new SimulatorOptions { Agents = 1000, Seed = 5, Today = Today });
        using var client = new SimClient(host);
        var t = WorldTraits.Default;
        var agents = new List<JsonElement>();
        foreach (var market in (await client.GetOkAsync("__sim/markets")).GetProperty("markets").EnumerateArray())
        {
            agents.AddRange(await client.MarketAgentsAsync(market.GetProperty("postal_code").GetString()!));
        }

        Assert.Equal(1000, agents.Count);
        var sold = new Dictionary<string, JsonElement>();
        var unsold = new Dictionary<string, JsonElement>();
        foreach (var agent in agents.Where(a => a.GetProperty("mls").GetArrayLength() > 0))
        {
            foreach (var l in await client.FeedAsync(agent, "forSold"))
            {
                sold[l.GetProperty("listing_id").GetString()!] = l;
            }

            foreach (var l in await client.FeedAsync(agent, "forSale"))
            {
                unsold[l.GetProperty("listing_id").GetString()!] = l;
            }
        }

        static List<(string Id, string Type)> Advertisers(JsonElement l) =>
            [.. l.GetProperty("advertisers").EnumerateArray().Select(a => (a.GetProperty("fulfillment_id").GetString()!, a.GetProperty("type").GetString()!))];

        var soldList = sold.Values.ToList();
        var forSale = unsold.Values.Where(l => l.GetProperty("status").GetString() == "for_sale").ToList();
        var listed = soldList.Concat(forSale).ToList();

        // Sides and types.
        AssertRate("co_seller", listed.Count(l => Advertisers(l).Any(a => a.Type == "co_seller")), listed.Count, t.CoListingRate);
        AssertRate("co_buyer", soldList.Count(l => Advertisers(l).Any(a => a.Type == "co_buyer")), soldList.Count, t.CoBuyerRate);
        AssertRate("dual agency", soldList.Count(l => Advertisers(l).Any(a => a.Type == "buyer" && a.Id == Advertisers(l)[0].Id)), soldList.Count, t.DualAgencyRate);
        AssertRate("unknown type \"agent\"", listed.Count(l => Advertisers(l).Any(a => a.Type == "agent")), listed.Count, t.UnknownAdvertiserTypeRate);
        Assert.All(listed, l =>
        {
            Assert.InRange(Advertisers(l).Count(a => a.Type is "seller" or "co_seller"), 1, 2);
            Assert.InRange(Advertisers(l).Count(a => a.Type is "buyer" or "co_buyer"), 0, 2);
        });

        // Undisclosed sold prices where the state does not disclose them.
        var nd = soldList.Where(l => NonDisclosure.Contains(l.GetProperty("location").GetProperty("address").GetProperty("state_code").GetString())).ToList();
        AssertRate("sold_price null (non-disclosure)", nd.Count(l => l.GetProperty("description").GetProperty("sold_price").ValueKind == JsonValueKind.Null), nd.Count, t.UndisclosedPriceRate);

        // Flags and previous sales on listings that are not sold.
        AssertRate("is_pending", forSale.Count(l => l.GetProperty("flags").GetProperty("is_pending").ValueKind == JsonValueKind.True), forSale.Count, t.PendingRate);
        AssertRate("is_contingent", forSale.Count(l => l.GetProperty("flags").GetProperty("is_contingent").ValueKind == JsonValueKind.True), forSale.Count, t.ContingentRate);
        var previous = unsold.Values.Where(l => l.GetProperty("description").GetProperty("sold_date").ValueKind == JsonValueKind.String).ToList();
        AssertRate("previous sale on unsold", previous.Count, unsold.Count, t.PreviousSaleRate);
        var windowStart = Today.AddMonths(-12);
        AssertRate("previous sale inside the window", previous.Count(l => DateOnly.Parse(l.GetProperty("description").GetProperty("sold_date").GetString()!, CultureInfo.InvariantCulture) >= windowStart),
            previous.Count, t.PreviousSaleInWindowRate);
        var all = soldList.Concat(unsold.Values).ToList();
        AssertRate("list_date absent", all.Count(l => !l.TryGetProperty("list_date", out _)), all.Count, t.ListDateMissingRate);
        Assert.Contains(unsold.Values, l => l.GetProperty("status").GetString() == "off_market");
        Assert.Contains(unsold.Values, l => l.GetProperty("status").GetString() == "for_rent");
        Assert.DoesNotContain(all, l => l.GetProperty("status").GetString() == "pending");

        // MLS entries of the agents.
        var withMls = agents.Where(a => a.GetProperty("mls").GetArrayLength() > 0).ToList();
        AssertRate("no MLS entry", agents.Count - withMls.Count, agents.Count, t.NoMlsRate);
        AssertRate("several MLS entries", withMls.Count(a => a.GetProperty("mls").GetArrayLength() > 1), withMls.Count, t.MultipleMlsRate);
        AssertRate("no primary MLS entry", withMls.Count(a => !a.GetProperty("mls").EnumerateArray().Any(m => m.GetProperty("primary").GetBoolean())), withMls.Count, t.NoPrimaryMlsRate);
    }
}
