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
                Assert.True(listing.CountSide(AdvertiserSide.Listing) is 1 or 2);
                Assert.True(listing.CountSide(AdvertiserSide.Buyer) <= 2);
                Assert.True(listing.IsSold || listing.CountSide(AdvertiserSide.Buyer) == 0, "listings that are not sold have no buyer side");
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
    public void ListingsOf_Generated_HasEveryStatusAndSoldDatesWithinHistoryAndUniqueIds()
    {
        var world = new GeneratedWorld(3, 2000, Today);
        var listings = Enumerable.Range(0, 2000).SelectMany(world.ListingsOf).DistinctBy(l => l.Key).ToList();

        Assert.Contains(listings, l => l.Status == ListingStatus.ForSale);
        Assert.Contains(listings, l => l.Status == ListingStatus.OffMarket);
        Assert.Contains(listings, l => l.Status == ListingStatus.ForRent);
        Assert.All(listings.Where(l => l.IsSold), l =>
        {
            Assert.InRange(l.SoldDate!.Value, Today.AddMonths(-36), Today);
            Assert.True(l.ListDate < l.SoldDate);
            Assert.Equal(AdvertiserType.Seller, l.Advertisers[0].Type);
        });
        Assert.All(listings.Where(l => l.IsUnsold), l =>
        {
            Assert.True(l.ListDate <= Today);
            Assert.True(l.SoldDate is null || l.SoldDate < l.ListDate, "a previous sale comes before the listing");
            Assert.False(l.Status != ListingStatus.ForSale && (l.IsPending || l.IsContingent));
        });
        Assert.All(listings, l => Assert.InRange(l.Key, GeneratedWorld.ListingIdBase, 9_999_999_999UL));
        Assert.Equal(listings.Count, listings.Select(l => l.Key).Distinct().Count());
    }

    [Fact]
    public void Truth_DefaultTiersOver12Months_GiveARealisticPyramid()
    {
        var world = new WorldView(new GeneratedWorld(42, 5000, Today));
        var truth = new TruthCalculator(world).Compute(new TruthQuery(
            Today.AddMonths(-12), Today, false, TruthQuery.DefaultTiers, ["A", "B", "C"], 19, null));
        double Share(string tier) => truth.Count(t => t.Tier == tier) / (double)truth.Count;

        // Measured (seed 42, 5,000 agents): see docs/simulator.md. The window tier is the exact one (no early stop).
        Assert.Equal(5000, truth.Count);
        Assert.InRange(Share("A"), 0.012, 0.022);
        Assert.InRange(Share("B"), 0.045, 0.07);
        Assert.InRange(Share("C"), 0.16, 0.22);
        // Every complete agent's tier is its exact window tier: the early stops (the profile bound included) are sound.
        Assert.All(truth.Where(t => t.Complete), t => Assert.Equal(t.WindowTier, t.Tier));

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
        var options = new SimulatorOptions
        {
            Agents = 0, Port = 70000, RatePerSecond = -1, Today = new DateOnly(1, 1, 1), OffsetCap = -1, QuotaPeriod = TimeSpan.Zero,
            Traits = WorldTraits.Default with { PreviousSaleRate = 1.5, BuyerAgentRate = 0.99 },
            Drift = ["flat-envelope", "sideways", "upside-down"],
        };
        var e = Assert.Throws<ArgumentException>(options.Validate);
        foreach (var name in new[]
                 {
                     "Agents", "Port", "RatePerSecond", "Today", "OffsetCap", "QuotaPeriod", "Traits.PreviousSaleRate",
                     "Traits.DualAgencyRate + BuyerAgentRate + CoBuyerRate", "Unknown drift 'sideways'", "Unknown drift 'upside-down'",
                 })
        {
            Assert.Contains(name, e.Message, StringComparison.Ordinal);
        }

        Assert.Contains(string.Join(", ", DriftNames.All), e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("'flat-envelope'", e.Message, StringComparison.Ordinal);
        new SimulatorOptions().Validate();
        new SimulatorOptions { Drift = [.. DriftNames.All], OffsetCap = 0 }.Validate();
    }
}
