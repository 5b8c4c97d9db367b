using System.Text.Json;
using PropGrade.Simulator.Tests.World;
using PropGrade.Simulator.World;

namespace PropGrade.Simulator.Tests.Truth;

/// <summary>
/// /__sim/truth over a hand-made world whose figures are worked out by hand below (today 2026-11-23, default window
/// [2025-11-23, 2026-11-23]). Tiers: T1 volume >= $6M; T2 sides >= 2; T3 volume >= $1M.
/// </summary>
[Trait("Category", "Integration")]
public sealed class TruthEndpointTests : IAsyncLifetime
{
    private const string Tiers = """[{"name":"T1","minVolume":6000000},{"name":"T2","minSides":2},{"name":"T3","minVolume":1000000}]""";
    private static readonly DateOnly Today = new(2026, 11, 23);
    private SimulatorHost? _host;
    private SimClient? _client;
    private int _alice, _bob, _carol, _dan, _eve;

    public async Task InitializeAsync()
    {
        var w = new FixedWorld(Today);
        _alice = w.AddAgent("Alice");
        _bob = w.AddAgent("Bob");
        _carol = w.AddAgent("Carol");
        _dan = w.AddAgent("Dan");
        _eve = w.AddAgent("Eve");
        // L1 co-listing Alice+Bob (0.5 side each, $500k each), Carol buyer (1 side, $1M).
        w.AddSold(new(2026, 6, 1), 1_000_000, [_alice, _bob], [_carol]);
        // L2 dual agency: Alice on both sides: 2 sides, $4M.
        w.AddSold(new(2026, 3, 1), 2_000_000, [_alice], [_alice]);
        // L3 sold ON soldSince (inside): Bob 1 side $800k; Alice and Carol half the buyer side each ($400k).
        w.AddSold(new(2025, 11, 23), 800_000, [_bob], [_alice, _carol]);
        // L4 sold the day before soldSince (outside): Alice gets nothing.
        w.AddSold(new(2025, 11, 22), 900_000, [_alice], []);
        // L5 sold ON asOf (inside): Carol 1 side $600k.
        w.AddSold(new(2026, 11, 23), 600_000, [_carol], []);
        // L6 active co-listing Alice+Dan: 0.5 each of $3M; L7 pending, Alice alone, $1M.
        w.AddActive(ListingStatus.ForSale, new(2026, 10, 1), 3_000_000, [_alice, _dan]);
        w.AddActive(ListingStatus.Pending, new(2026, 9, 1), 1_000_000, [_alice]);
        // Eve: 25 sales of $100k inside the window (3 pages).
        for (var i = 0; i < 25; i++)
        {
            w.AddSold(new DateOnly(2026, 10, 1).AddDays(-i), 100_000, [_eve], []);
        }

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
        return body.GetProperty("agents").EnumerateArray().ToDictionary(a => a.GetProperty("advertiser_id").GetInt64());
    }

    private static void AssertAgent(JsonElement a, decimal soldVolume, decimal sides, decimal activeVolume, decimal activeCount, string tier, int calls, string reason, bool complete = true)
    {
        Assert.Equal(soldVolume, a.GetProperty("sold_volume").GetDecimal());
        Assert.Equal(sides, a.GetProperty("sold_sides").GetDecimal());
        Assert.Equal(activeVolume, a.GetProperty("active_volume").GetDecimal());
        Assert.Equal(activeCount, a.GetProperty("active_count").GetDecimal());
        Assert.Equal(tier, a.GetProperty("tier").GetString());
        Assert.Equal(calls, a.GetProperty("min_calls").GetInt32());
        Assert.Equal(reason, a.GetProperty("stop_reason").GetString());
        Assert.Equal(complete, a.GetProperty("complete").GetBoolean());
    }

    [Fact]
    public async Task Truth_SoldOnly_CountsCoListingDualAgencyAndInclusiveWindowEdges()
    {
        var t = await TruthAsync("tiers=" + Uri.EscapeDataString(Tiers));

        // Alice: L1 0.5 + L2 2 + L3 0.5 = 3 sides, $4.9M (L4 outside); T1 missed, T2 met; one page, its oldest
        // sale (L4) is before soldSince -> window_end after 1 + 1 calls.
        AssertAgent(t[FixedWorld.AdvertiserId(_alice)], 4_900_000m, 3m, 0m, 0m, "T2", 2, "window_end");
        // Bob: L1 0.5 + L3 1 = 1.5 sides, $1.3M -> T3; last page -> end_of_data.
        AssertAgent(t[FixedWorld.AdvertiserId(_bob)], 1_300_000m, 1.5m, 0m, 0m, "T3", 2, "end_of_data");
        // Carol: L1 1 + L3 0.5 + L5 1 = 2.5 sides, $2.0M -> T2.
        AssertAgent(t[FixedWorld.AdvertiserId(_carol)], 2_000_000m, 2.5m, 0m, 0m, "T2", 2, "end_of_data");
        // Dan: no sales in the profile's 12 months -> bound 0 sides / $0 cannot reach T3: one call.
        AssertAgent(t[FixedWorld.AdvertiserId(_dan)], 0m, 0m, 0m, 0m, "Unranked", 1, "profile_bound");
    }

    [Fact]
    public async Task Truth_IncludeActive_AddsSellerSharesOfActiveListings()
    {
        var t = await TruthAsync("includeActive=true&tiers=" + Uri.EscapeDataString(Tiers));

        // Alice: active 0.5 * $3M + $1M = $2.5M (1.5 listings); sold $4.9M -> $7.4M meets T1 on the first sold
        // page: 1 profile + 1 active + 1 sold.
        AssertAgent(t[FixedWorld.AdvertiserId(_alice)], 4_900_000m, 3m, 2_500_000m, 1.5m, "T1", 3, "tier_settled");
        // Dan: the bound now includes 1 x $3M active: reachable. Active $1.5M, no sales -> T3 (volume), 3 calls.
        AssertAgent(t[FixedWorld.AdvertiserId(_dan)], 0m, 0m, 1_500_000m, 0.5m, "T3", 3, "end_of_data");
    }

    [Fact]
    public async Task Truth_AsOfBeforeASaleOnTheEdge_ExcludesIt()
    {
        var t = await TruthAsync("asOf=2026-11-22&tiers=" + Uri.EscapeDataString(Tiers));

        // Carol without L5 (sold 2026-11-23): 1.5 sides, $1.4M -> T3.
        AssertAgent(t[FixedWorld.AdvertiserId(_carol)], 1_400_000m, 1.5m, 0m, 0m, "T3", 2, "end_of_data");
    }

    [Fact]
    public async Task Truth_SelectedLowerTier_ReportsItAndStopsOnceItIsMet()
    {
        var t = await TruthAsync("includeActive=true&selectedTiers=T2&tiers=" + Uri.EscapeDataString(Tiers));

        // Top selected = T2 (sides only): active pages cannot settle it; the first sold page does (3 sides).
        AssertAgent(t[FixedWorld.AdvertiserId(_alice)], 4_900_000m, 3m, 2_500_000m, 1.5m, "T2", 3, "tier_settled");
    }

    [Fact]
    public async Task Truth_DepthCapAndProfileBound_FollowTheStoppingRules()
    {
        // Eve has 25 sales in the 12 months: bound 50 sides.
        var capped = await TruthAsync("maxPages=2&tiers=" + Uri.EscapeDataString("""[{"name":"Z","minSides":40}]"""));
        AssertAgent(capped[FixedWorld.AdvertiserId(_eve)], 2_000_000m, 20m, 0m, 0m, "Unranked", 3, "depth_cap", complete: false);

        var bound = await TruthAsync("tiers=" + Uri.EscapeDataString("""[{"name":"Z","minSides":60}]"""));
        AssertAgent(bound[FixedWorld.AdvertiserId(_eve)], 0m, 0m, 0m, 0m, "Unranked", 1, "profile_bound");

        // A window reaching before the profile's 12 months voids the bound: all 3 pages are read.
        var noBound = await TruthAsync("soldSince=2025-01-01&tiers=" + Uri.EscapeDataString("""[{"name":"Z","minSides":60}]"""));
        AssertAgent(noBound[FixedWorld.AdvertiserId(_eve)], 2_500_000m, 25m, 0m, 0m, "Unranked", 4, "end_of_data");
    }

    [Fact]
    public async Task Truth_TotalMinCalls_IsTheSumOverAgents()
    {
        var body = await _client!.GetOkAsync("__sim/truth?tiers=" + Uri.EscapeDataString(Tiers));
        var sum = body.GetProperty("agents").EnumerateArray().Sum(a => a.GetProperty("min_calls").GetInt32());
        Assert.Equal(sum, body.GetProperty("total_min_calls").GetInt32());
        Assert.Equal(5, body.GetProperty("agents").GetArrayLength());
    }

    [Theory]
    [InlineData("maxPages=21", "maxPages must be 1..20")]
    [InlineData("soldSince=2026-12-01", "soldSince must be <= asOf")]
    [InlineData("selectedTiers=Q", "selectedTiers: 'Q' is not a tier")]
    [InlineData("tiers=%5B%7B%22name%22%3A%22A%22%7D%5D", "tiers[0] needs minVolume and/or minSides")]
    [InlineData("tiers=nope", "tiers must be a JSON array")]
    public async Task Truth_BadQuery_Returns400NamingTheProblem(string query, string expected)
    {
        var (status, body, _) = await _client!.GetJsonAsync("__sim/truth?" + query);
        Assert.Equal(400, status);
        Assert.Contains(expected, body.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
