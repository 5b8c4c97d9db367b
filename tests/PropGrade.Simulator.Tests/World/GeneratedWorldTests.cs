using PropGrade.Simulator.Truth;
using PropGrade.Simulator.World;

namespace PropGrade.Simulator.Tests.World;

public sealed class GeneratedWorldTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    [Fact]
    public void Constructor_AnyAgentCount_AllocatesEveryAgentToExactlyOneMarket()
    {
        foreach (var n in new[] { 1, 10, 63, 64, 1000, 12_345 })
        {
            var world = new GeneratedWorld(5, n, Today);
            var all = Enumerable.Range(0, world.Markets.Count).SelectMany(world.AgentsInMarket).ToList();
            Assert.Equal(Enumerable.Range(0, n), all.Order());
        }
    }

    [Fact]
    public void ListingsOf_EveryPartnerOnAListing_SeesThatSameListing()
    {
        var world = new GeneratedWorld(3, 800, Today);
        var checkedPartners = 0;
        for (var agent = 0; agent < 800; agent += 7)
        {
            foreach (var listing in world.ListingsOf(agent))
            {
                Assert.True(listing.CountSide(AdvertiserSide.Seller) is 1 or 2);
                Assert.True(listing.CountSide(AdvertiserSide.Buyer) <= 2);
                Assert.True(listing.IsSold || listing.CountSide(AdvertiserSide.Buyer) == 0, "active listings carry sellers only");
                foreach (var partner in listing.Advertisers.Select(a => a.AgentIndex).Where(a => a != agent).Distinct())
                {
                    Assert.Contains(world.ListingsOf(partner), l => l.Key == listing.Key);
                    checkedPartners++;
                }
            }
        }

        Assert.True(checkedPartners > 50);
    }

    [Fact]
    public void ListingsOf_Generated_HasCoListingsDualAgencyPendingAndSoldDatesWithinHistory()
    {
        var world = new GeneratedWorld(3, 2000, Today);
        var listings = Enumerable.Range(0, 2000).SelectMany(world.ListingsOf).DistinctBy(l => l.Key).ToList();

        Assert.Contains(listings, l => l.CountSide(AdvertiserSide.Seller) == 2);
        Assert.Contains(listings, l => l.Advertisers.Any(a => a.Side == AdvertiserSide.Seller && l.IsOn(a.AgentIndex, AdvertiserSide.Buyer)));
        Assert.Contains(listings, l => l.CountSide(AdvertiserSide.Buyer) == 2);
        Assert.Contains(listings, l => l.Status == ListingStatus.Pending);
        Assert.Contains(listings, l => l.Status == ListingStatus.ForSale);
        Assert.All(listings.Where(l => l.IsSold), l =>
        {
            Assert.InRange(l.SoldDate!.Value, Today.AddMonths(-36), Today);
            Assert.True(l.ListDate < l.SoldDate);
        });
        Assert.All(listings.Where(l => l.IsActive), l => Assert.True(l.ListDate <= Today && l.SoldDate is null && l.SoldPrice is null));
    }

    [Fact]
    public void Truth_DefaultTiersOver12Months_GiveARealisticPyramid()
    {
        var world = new WorldView(new GeneratedWorld(42, 5000, Today));
        var truth = new TruthCalculator(world).Compute(new TruthQuery(
            Today.AddMonths(-12), Today, false, TruthQuery.DefaultTiers, ["A", "B", "C"], 19, null));
        double Share(string tier) => truth.Count(t => t.Tier == tier) / (double)truth.Count;

        Assert.InRange(Share("A"), 0.01, 0.025);
        Assert.InRange(Share("B"), 0.02, 0.09);
        Assert.InRange(Share("C"), 0.10, 0.22);

        // Most agents need 1-3 sold pages over 36 months; some exceed 20 pages (the depth cap is reachable).
        var soldCounts = Enumerable.Range(0, 5000).Select(i => world.GetFeed(i).ForSold.Length).Order().ToList();
        Assert.True(soldCounts[soldCounts.Count / 2] <= 30, $"median {soldCounts[soldCounts.Count / 2]}");
        Assert.True(soldCounts[^1] > 200, $"max {soldCounts[^1]}");
    }

    [Fact]
    public void MarketOrder_OnePassSummary_EqualsSortingByEachProfilesRecentlySold()
    {
        var source = new GeneratedWorld(8, 3000, Today);
        var world = new WorldView(source);
        foreach (var market in new[] { 0, 2, 17, 63 })
        {
            var expected = source.AgentsInMarket(market)
                .OrderByDescending(a => world.GetFeed(a).RecentlySold.Count)
                .ThenByDescending(a => world.GetFeed(a).RecentlySold.Max ?? 0)
                .ThenBy(source.AdvertiserIdOf)
                .ToList();
            Assert.Equal(expected, world.MarketOrder(market));
        }
    }

    [Fact]
    public void LruCache_OverCapacity_EvictsTheLeastRecentlyUsed()
    {
        var cache = new LruCache<int, string>(2);
        var built = new List<int>();
        string Build(int k)
        {
            built.Add(k);
            return k.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        cache.GetOrAdd(1, Build);
        cache.GetOrAdd(2, Build);
        cache.GetOrAdd(1, Build); // 1 is now the most recent
        cache.GetOrAdd(3, Build); // evicts 2
        cache.GetOrAdd(1, Build);
        cache.GetOrAdd(2, Build);

        Assert.Equal([1, 2, 3, 2], built);
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void Validate_BadOptions_NameEveryProblem()
    {
        var options = new SimulatorOptions { Agents = 0, Port = 70000, RatePerSecond = -1, Today = new DateOnly(1, 1, 1) };
        var e = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains("Agents", e.Message, StringComparison.Ordinal);
        Assert.Contains("Port", e.Message, StringComparison.Ordinal);
        Assert.Contains("RatePerSecond", e.Message, StringComparison.Ordinal);
        Assert.Contains("Today", e.Message, StringComparison.Ordinal);
        new SimulatorOptions().Validate();
    }
}
