using System.Text.Json;
using PropGrade.Simulator.Tests.World;
using PropGrade.Simulator.World;

namespace PropGrade.Simulator.Tests.Truth;

/// <summary>
/// /__sim/truth over a hand-made world whose figures are worked out by hand below (today 2026-11-23, default window
/// [2025-11-23, 2026-11-23]). Tiers: T1 volume >= $6M; T2 sides >= 2; T3 volume >= $1M. Discovered agents take no
/// profile call (their figures come from /agents/list); roster agents take one.
/// </summary>
[Trait("Category", "Integration")]
public sealed class TruthEndpointTests : IAsyncLifetime
{
    private const string Tiers = """[{"name":"T1","minVolume":6000000},{"name":"T2","minSides":2},{"name":"T3","minVolume":1000000}]""";
    private static readonly DateOnly Today = new(2026, 11, 23);
    private SimulatorHost? _host;
    private SimClient? _client;
    private int _alice, _bob, _carol, _dan, _eve, _frank, _gina, _hank, _ivy;

    public async Task InitializeAsync()
    {
        var w = new FixedWorld(Today);
        _alice = w.AddAgent("Alice");
        _bob = w.AddAgent("Bob");
        _carol = w.AddAgent("Carol");
        _dan = w.AddAgent("Dan");
        _eve = w.AddAgent("Eve");
        _frank = w.AddAgent("Frank");
        _gina = w.AddAgent("Gina");
        _hank = w.AddAgent("Hank");
        _ivy = w.AddAgent("Ivy", withMls: false);

        // L1 Alice seller + Bob co_seller (0.5 side each, $500k each), Carol buyer (1 side, $1M).
        w.AddSold(new(2026, 6, 1), 1_000_000, [_alice, _bob], [_carol]);
        // L2 dual agency: Alice seller and buyer: 2 sides, $4M.
        w.AddSold(new(2026, 3, 1), 2_000_000, [_alice], [_alice]);
        // L3 sold ON soldSince (inside): Bob 1 side $800k; Alice buyer + Carol co_buyer, half the buyer side each ($400k).
        w.AddSold(new(2025, 11, 23), 800_000, [_bob], [_alice, _carol]);
        // L4 sold the day before soldSince (outside): Alice gets nothing.
        w.AddSold(new(2025, 11, 22), 900_000, [_alice], []);
        // L5 sold ON asOf (inside): Carol 1 side $600k.
        w.AddSold(new(2026, 11, 23), 600_000, [_carol], []);
        // L6 active, Alice seller + Dan co_seller: 0.5 each of $3M.
        w.AddActive(new(2026, 10, 1), 3_000_000, [_alice, _dan]);
        // L7 active and pending, Alice alone, $1M, carrying the property's previous sale INSIDE the window
        // (2026-02-01, $950k): the trap; it is never counted as a sale.
        w.AddActive(new(2026, 9, 1), 1_000_000, [_alice], pending: true, previousSale: new(2026, 2, 1), previousPrice: 950_000);
        // Eve: 25 sales of $100k inside the window (3 pages).
        for (var i = 0; i < 25; i++)
        {
            w.AddSold(new DateOnly(2026, 10, 1).AddDays(-i), 100_000, [_eve], []);
        }

        // L8 Frank seller, sold_price undisclosed (null), list price $800k. L9 Gina seller + Frank co_seller, $500k.
        w.AddSold(new(2026, 5, 1), null, [_frank], [], listPrice: 800_000);
        w.AddSold(new(2026, 4, 1), 500_000, [_gina, _frank], []);
        // L10 Hank seller $400k, Gina on it with a type of no side ("agent"). L12 active, Hank seller $300k, Gina "agent".
        w.Add(ListingStatus.Sold, new(2026, 6, 1), 400_000, new(2026, 7, 1), 400_000,
            [new SimAdvertiser(_hank, AdvertiserType.Seller), new SimAdvertiser(_gina, AdvertiserType.Other)]);
        w.Add(ListingStatus.ForSale, new(2026, 10, 15), 300_000, null, null,
            [new SimAdvertiser(_hank, AdvertiserType.Seller), new SimAdvertiser(_gina, AdvertiserType.Other)]);
        // L11 Ivy (no MLS entry) seller, $2M.
        w.AddSold(new(2026, 8, 1), 2_000_000, [_ivy], []);

        _host = await SimulatorHost.StartAsync(new SimulatorOptions { Today = Today }, w);
        _client = new SimClient(_host);
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    private async Task<Dictionary<long, JsonElement>> TruthAsync(string query)
    {
        var body = await _client!.GetOkAsync("__sim/truth?" + query);
        return body.GetProperty("agents").EnumerateArray().ToDictionary(a => long.Parse(a.GetProperty("advertiser_id").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
    }

    private static void AssertAgent(
        JsonElement a, decimal soldVolume, decimal sides, decimal activeVolume, decimal activeCount, string tier, int calls, string reason,
        bool complete = true, int undisclosed = 0, int unknown = 0, bool estimated = false)
    {
        Assert.Equal(soldVolume, a.GetProperty("sold_volume").GetDecimal());
        Assert.Equal(sides, a.GetProperty("sold_sides").GetDecimal());
        Assert.Equal(activeVolume, a.GetProperty("active_volume").GetDecimal());
        Assert.Equal(activeCount, a.GetProperty("active_count").GetDecimal());
        Assert.Equal(tier, a.GetProperty("tier").GetString());
        Assert.Equal(calls, a.GetProperty("min_calls").GetInt32());
        Assert.Equal(reason, a.GetProperty("stop_reason").GetString());
        Assert.Equal(complete, a.GetProperty("complete").GetBoolean());
        Assert.Equal(undisclosed, a.GetProperty("undisclosed_sales").GetInt32());
        Assert.Equal(unknown, a.GetProperty("unknown_sides").GetInt32());
        Assert.Equal(estimated, a.GetProperty("volume_estimated").GetBoolean());
    }

    private static string Q(string tiers = Tiers) => "tiers=" + Uri.EscapeDataString(tiers);

    [Fact]
    public async Task Truth_SoldOnly_CountsCoSellerCoBuyerDualAgencyAndInclusiveWindowEdges()
    {
        var t = await TruthAsync(Q());

        // Alice: L1 0.5 + L2 2 + L3 0.5 = 3 sides, $4.9M (L4 outside); T1 missed, T2 met; one page, no profile call;
        // its oldest sale (L4) is before soldSince -> window_end.
        AssertAgent(t[FixedWorld.AdvertiserId(_alice)], 4_900_000m, 3m, 0m, 0m, "T2", 1, "window_end");
        // Bob: L1 0.5 (co_seller) + L3 1 = 1.5 sides, $1.3M -> T3; last page -> end_of_data.
        AssertAgent(t[FixedWorld.AdvertiserId(_bob)], 1_300_000m, 1.5m, 0m, 0m, "T3", 1, "end_of_data");
        // Carol: L1 1 (buyer) + L3 0.5 (co_buyer) + L5 1 = 2.5 sides, $2.0M -> T2.
        AssertAgent(t[FixedWorld.AdvertiserId(_carol)], 2_000_000m, 2.5m, 0m, 0m, "T2", 1, "end_of_data");
        // Dan: no sales in the profile's 12 months -> bound 0 sides / $0 cannot reach T3: no call at all.
        AssertAgent(t[FixedWorld.AdvertiserId(_dan)], 0m, 0m, 0m, 0m, "Unranked", 0, "profile_bound");
    }

    [Fact]
    public async Task Truth_PreviousSaleOnAnActiveListingInsideTheWindow_IsNeverCounted()
    {
        var soldOnly = await TruthAsync(Q());
        var withActive = await TruthAsync("includeActive=true&" + Q());

        // L7's previous sale (2026-02-01, $950k) is inside the window: Alice's sold figures stay $4.9M / 3 sides
        // whether or not the active pages are read, and L7 counts only as an active listing.
        foreach (var alice in new[] { soldOnly[FixedWorld.AdvertiserId(_alice)], withActive[FixedWorld.AdvertiserId(_alice)] })
        {
            Assert.Equal(4_900_000m, alice.GetProperty("window_sold_volume").GetDecimal());
            Assert.Equal(3m, alice.GetProperty("window_sold_sides").GetDecimal());
        }

        Assert.Equal(2_500_000m, withActive[FixedWorld.AdvertiserId(_alice)].GetProperty("window_active_volume").GetDecimal());
    }

    [Fact]
    public async Task Truth_IncludeActive_AddsListingSideSharesOfForSaleListingsPendingIncluded()
    {
        var t = await TruthAsync("includeActive=true&" + Q());

        // Alice: active 0.5 * $3M + $1M (pending) = $2.5M (1.5 listings); sold $4.9M -> $7.4M meets T1 on the first
        // sold page: 1 active + 1 sold call.
        AssertAgent(t[FixedWorld.AdvertiserId(_alice)], 4_900_000m, 3m, 2_500_000m, 1.5m, "T1", 2, "tier_settled");
        // Dan: the bound now includes 1 x $3M active: reachable. Active $1.5M, no sales -> T3 (volume), 2 calls.
        AssertAgent(t[FixedWorld.AdvertiserId(_dan)], 0m, 0m, 1_500_000m, 0.5m, "T3", 2, "end_of_data");
        // Hank: bound $800k + 1 x $300k active = $1.1M: reachable; $300k active + $400k sold = $700k, 1 side.
        AssertAgent(t[FixedWorld.AdvertiserId(_hank)], 400_000m, 1m, 300_000m, 1m, "Unranked", 2, "end_of_data");
    }

    [Fact]
    public async Task Truth_UndisclosedPrice_ListPriceEstimatesAndExcludeCountsNothing()
    {
        var listPrice = await TruthAsync(Q());
        var exclude = await TruthAsync("undisclosedPrice=exclude&" + Q());

        // Frank: L8 (1 side, sold_price null, list $800k) + L9 co_seller 0.5 side of $500k.
        AssertAgent(listPrice[FixedWorld.AdvertiserId(_frank)], 1_050_000m, 1.5m, 0m, 0m, "T3", 1, "end_of_data", undisclosed: 1, estimated: true);
        AssertAgent(exclude[FixedWorld.AdvertiserId(_frank)], 250_000m, 1.5m, 0m, 0m, "Unranked", 1, "end_of_data", undisclosed: 1, estimated: false);
        // Agents without an undisclosed sale are never estimated.
        Assert.False(listPrice[FixedWorld.AdvertiserId(_bob)].GetProperty("volume_estimated").GetBoolean());
    }

    [Fact]
    public async Task Truth_UnknownAdvertiserType_CountsOnlyInUnknownSidesOfEligibleListings()
    {
        var soldOnly = await TruthAsync(Q());
        var withActive = await TruthAsync("includeActive=true&" + Q());

        // Gina: 0.5 side of L9 ($250k); on L10 (sold) and L12 (active) only as "agent": no side, no volume.
        AssertAgent(soldOnly[FixedWorld.AdvertiserId(_gina)], 250_000m, 0.5m, 0m, 0m, "Unranked", 1, "end_of_data", unknown: 1);
        AssertAgent(withActive[FixedWorld.AdvertiserId(_gina)], 250_000m, 0.5m, 0m, 0m, "Unranked", 2, "end_of_data", unknown: 2);
        // Hank, the seller of L10, keeps the whole side.
        Assert.Equal(1m, soldOnly[FixedWorld.AdvertiserId(_hank)].GetProperty("window_sold_sides").GetDecimal());
    }

    [Fact]
    public async Task Truth_AgentWithoutMlsEntry_IsIncompleteNoMlsIdWithoutCalls()
    {
        var t = await TruthAsync(Q());

        // Ivy: $2M sold in the window (bound reachable) but no MLS entry: nothing can be read.
        AssertAgent(t[FixedWorld.AdvertiserId(_ivy)], 0m, 0m, 0m, 0m, "Unranked", 0, "no_mls_id", complete: false);
        Assert.Equal(2_000_000m, t[FixedWorld.AdvertiserId(_ivy)].GetProperty("window_sold_volume").GetDecimal());
    }

    [Fact]
    public async Task Truth_RosterAgents_TakeOneProfileCallEachAndNoDiscovery()
    {
        var discovered = await _client!.GetOkAsync("__sim/truth?" + Q());
        var roster = await _client!.GetOkAsync("__sim/truth?roster=true&" + Q());

        var before = discovered.GetProperty("agents").EnumerateArray().ToDictionary(a => a.GetProperty("advertiser_id").GetString()!, a => a.GetProperty("min_calls").GetInt32());
        var after = roster.GetProperty("agents").EnumerateArray().ToDictionary(a => a.GetProperty("advertiser_id").GetString()!, a => a.GetProperty("min_calls").GetInt32());
        Assert.Equal(9, after.Count);
        Assert.All(after, a => Assert.Equal(before[a.Key] + 1, a.Value));
        Assert.Equal(1, after[FixedWorld.AdvertiserId(_ivy).ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        Assert.Equal(1, after[FixedWorld.AdvertiserId(_dan).ToString(System.Globalization.CultureInfo.InvariantCulture)]);

        Assert.Equal(1, discovered.GetProperty("discovery_calls").GetInt32());
        Assert.Equal(0, roster.GetProperty("discovery_calls").GetInt32());
        Assert.True(roster.GetProperty("roster").GetBoolean());
    }

    [Fact]
    public async Task Truth_AsOfBeforeASaleOnTheEdge_ExcludesIt()
    {
        var t = await TruthAsync("asOf=2026-11-22&" + Q());

        // Carol without L5 (sold 2026-11-23): 1.5 sides, $1.4M -> T3.
        AssertAgent(t[FixedWorld.AdvertiserId(_carol)], 1_400_000m, 1.5m, 0m, 0m, "T3", 1, "end_of_data");
    }

    [Fact]
    public async Task Truth_SelectedLowerTier_ReportsItAndStopsOnceItIsMet()
    {
        var t = await TruthAsync("includeActive=true&selectedTiers=T2&" + Q());

        // Top selected = T2 (sides only): active pages cannot settle it; the first sold page does (3 sides).
        AssertAgent(t[FixedWorld.AdvertiserId(_alice)], 4_900_000m, 3m, 2_500_000m, 1.5m, "T2", 2, "tier_settled");
    }

    [Fact]
    public async Task Truth_DepthCapAndProfileBound_FollowTheStoppingRules()
    {
        // Eve has 25 sales in the 12 months: bound 50 sides.
        var capped = await TruthAsync("maxPages=2&" + Q("""[{"name":"Z","minSides":40}]"""));
        AssertAgent(capped[FixedWorld.AdvertiserId(_eve)], 2_000_000m, 20m, 0m, 0m, "Unranked", 2, "depth_cap", complete: false);

        var bound = await TruthAsync(Q("""[{"name":"Z","minSides":60}]"""));
        AssertAgent(bound[FixedWorld.AdvertiserId(_eve)], 0m, 0m, 0m, 0m, "Unranked", 0, "profile_bound");

        // A window reaching before the profile's 12 months voids the bound: all 3 pages are read.
        var noBound = await TruthAsync("soldSince=2025-01-01&" + Q("""[{"name":"Z","minSides":60}]"""));
        AssertAgent(noBound[FixedWorld.AdvertiserId(_eve)], 2_500_000m, 25m, 0m, 0m, "Unranked", 3, "end_of_data");
    }

    [Fact]
    public async Task Truth_Totals_SumMinCallsAndCountDiscoveryPerMarket()
    {
        var body = await _client!.GetOkAsync("__sim/truth?" + Q());
        var sum = body.GetProperty("agents").EnumerateArray().Sum(a => a.GetProperty("min_calls").GetInt32());
        Assert.Equal(sum, body.GetProperty("total_min_calls").GetInt32());
        Assert.Equal(sum + 1, body.GetProperty("total_calls").GetInt32());
        Assert.Equal(9, body.GetProperty("agents").GetArrayLength());
        var market = Assert.Single(body.GetProperty("markets").EnumerateArray());
        Assert.Equal("07030", market.GetProperty("postal_code").GetString());
        Assert.Equal(9, market.GetProperty("agents").GetInt32());
        Assert.Equal(1, market.GetProperty("discovery_calls").GetInt32());
        Assert.False(market.GetProperty("truncated").GetBoolean());
        Assert.Equal(JsonValueKind.String, body.GetProperty("agents")[0].GetProperty("advertiser_id").ValueKind);
    }

    [Theory]
    [InlineData("maxPages=21", "maxPages must be 1..20")]
    [InlineData("soldSince=2026-12-01", "soldSince must be <= asOf")]
    [InlineData("selectedTiers=Q", "selectedTiers: 'Q' is not a tier")]
    [InlineData("tiers=%5B%7B%22name%22%3A%22A%22%7D%5D", "tiers[0] needs minVolume and/or minSides")]
    [InlineData("tiers=nope", "tiers must be a JSON array")]
    [InlineData("undisclosedPrice=zero", "undisclosedPrice must be listPrice or exclude")]
    [InlineData("roster=maybe", "roster must be true or false")]
    public async Task Truth_BadQuery_Returns400NamingTheProblem(string query, string expected)
    {
        var (status, body, _) = await _client!.GetJsonAsync("__sim/truth?" + query);
        Assert.Equal(400, status);
        Assert.Contains(expected, body.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
