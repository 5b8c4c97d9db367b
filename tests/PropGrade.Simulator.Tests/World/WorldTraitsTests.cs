using PropGrade.Simulator.World;

namespace PropGrade.Simulator.Tests.World;

/// <summary>Each real-world trait of the generated world shows at about its configured rate (pure; no HTTP).</summary>
public sealed class WorldTraitsTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);
    private static readonly Lazy<(GeneratedWorld World, List<SimListing> Listings)> DefaultWorld = new(() => Build(WorldTraits.Default));

    private static (GeneratedWorld World, List<SimListing> Listings) Build(WorldTraits traits)
    {
        var world = new GeneratedWorld(21, 6000, Today, 4096, traits);
        var listings = Enumerable.Range(0, world.AgentCount).SelectMany(world.ListingsOf).DistinctBy(l => l.Key).ToList();
        return (world, listings);
    }

    /// <summary>Within 4.5 binomial standard deviations (plus 2 of slack) of <paramref name="p"/>.</summary>
    private static void AssertRate(string what, int hits, int n, double p)
    {
        Assert.True(n > 100, $"{what}: only {n} draws");
        var tolerance = (4.5 * Math.Sqrt(n * p * (1 - p))) + 2;
        Assert.True(Math.Abs(hits - (n * p)) <= tolerance, $"{what}: {hits} of {n} = {(double)hits / n:P2}, expected {p:P2} (+- {tolerance:0})");
    }

    private static bool InNonDisclosureMarket(GeneratedWorld world, SimListing l) =>
        MarketCatalog.IsNonDisclosure(world.Markets[l.MarketIndex].StateCode);

    [Fact]
    public void Sides_CoSellerCoBuyerDualAgencyAndBuyerAgents_NearTheirRates()
    {
        var (_, listings) = DefaultWorld.Value;
        var sold = listings.Where(l => l.IsSold).ToList();
        var t = WorldTraits.Default;

        // Blocks of one or two agents cannot co-list or add a peer: a few tenths of a percent below the rate at most.
        var listed = listings.Where(l => l.IsSold || l.Status == ListingStatus.ForSale).ToList();
        AssertRate("co_seller", listed.Count(l => l.Advertisers.Any(a => a.Type == AdvertiserType.CoSeller)), listed.Count, t.CoListingRate);
        AssertRate("dual agency", sold.Count(l => l.IsOn(l.Advertisers[0].AgentIndex, AdvertiserSide.Buyer)), sold.Count, t.DualAgencyRate);
        AssertRate("one buyer's agent", sold.Count(l => l.CountSide(AdvertiserSide.Buyer) == 1 && !l.IsOn(l.Advertisers[0].AgentIndex, AdvertiserSide.Buyer)), sold.Count, t.BuyerAgentRate);
        AssertRate("co_buyer", sold.Count(l => l.Advertisers.Any(a => a.Type == AdvertiserType.CoBuyer)), sold.Count, t.CoBuyerRate);
        AssertRate("unknown type", listed.Count(l => l.Advertisers.Any(a => a.Type == AdvertiserType.Other)), listed.Count, t.UnknownAdvertiserTypeRate);

        Assert.All(listings, l =>
        {
            Assert.InRange(l.CountSide(AdvertiserSide.Listing), 1, 2);
            Assert.InRange(l.CountSide(AdvertiserSide.Buyer), 0, 2);
            Assert.Equal(AdvertiserType.Seller, l.Advertisers[0].Type);
            Assert.True(l.Advertisers.Count(a => a.Type == AdvertiserType.CoSeller) <= 1 && l.Advertisers.Count(a => a.Type == AdvertiserType.CoBuyer) <= 1);
        });
    }

    [Fact]
    public void SoldPrice_UndisclosedInNonDisclosureStatesAtTheirRateAndRarelyElsewhere()
    {
        var (world, listings) = DefaultWorld.Value;
        var sold = listings.Where(l => l.IsSold).ToList();
        var nonDisclosure = sold.Where(l => InNonDisclosureMarket(world, l)).ToList();
        var elsewhere = sold.Where(l => !InNonDisclosureMarket(world, l)).ToList();

        AssertRate("undisclosed (non-disclosure states)", nonDisclosure.Count(l => l.SoldPrice is null), nonDisclosure.Count, WorldTraits.Default.UndisclosedPriceRate);
        AssertRate("undisclosed (elsewhere)", elsewhere.Count(l => l.SoldPrice is null), elsewhere.Count, WorldTraits.Default.UndisclosedPriceRateElsewhere);
        Assert.True(world.Markets.Count(m => MarketCatalog.IsNonDisclosure(m.StateCode)) >= 10);
    }

    [Fact]
    public void ActiveListings_PendingContingentPreviousSalesAndMissingListDates_NearTheirRates()
    {
        var (_, listings) = DefaultWorld.Value;
        var t = WorldTraits.Default;
        var forSale = listings.Where(l => l.Status == ListingStatus.ForSale).ToList();
        var unsold = listings.Where(l => l.IsUnsold).ToList();
        var withPrevious = unsold.Where(l => l.SoldDate is not null).ToList();
        var windowStart = Today.AddMonths(-12);

        AssertRate("pending", forSale.Count(l => l.IsPending), forSale.Count, t.PendingRate);
        AssertRate("contingent", forSale.Count(l => l.IsContingent), forSale.Count, t.ContingentRate);
        Assert.DoesNotContain(forSale, l => l.IsPending && l.IsContingent);
        AssertRate("previous sale", withPrevious.Count, unsold.Count, t.PreviousSaleRate);
        AssertRate("previous sale inside the window", withPrevious.Count(l => l.SoldDate >= windowStart), withPrevious.Count, t.PreviousSaleInWindowRate);
        AssertRate("list_date missing", listings.Count(l => l.ListDateHidden), listings.Count, t.ListDateMissingRate);
        var other = listings.Count(l => l.Status is ListingStatus.OffMarket or ListingStatus.ForRent);
        AssertRate("off_market / for_rent per active", other, forSale.Count + other, t.OtherStatusRate / (1 + t.OtherStatusRate));
    }

    [Fact]
    public void MlsEntries_SeveralNoPrimaryAndNone_NearTheirRates()
    {
        var (world, _) = DefaultWorld.Value;
        var t = WorldTraits.Default;
        var entries = Enumerable.Range(0, world.AgentCount).Select(world.MlsOf).ToList();
        var with = entries.Where(e => e.Count > 0).ToList();

        AssertRate("no MLS entry", entries.Count(e => e.Count == 0), entries.Count, t.NoMlsRate);
        AssertRate("several MLS entries", with.Count(e => e.Count > 1), with.Count, t.MultipleMlsRate);
        AssertRate("no entry primary", with.Count(e => !e.Any(m => m.Primary)), with.Count, t.NoPrimaryMlsRate);
        Assert.All(with, e => Assert.InRange(e.Count(m => m.Primary), 0, 1));
        Assert.Contains(with, e => e.Count == 3);
        Assert.Contains(with, e => e.Count > 1 && e[0].Primary == false && e.Any(m => m.Primary));
        Assert.All(Enumerable.Range(0, 200), i => Assert.Equal(world.MlsOf(i), world.GetAgent(i).Mls));
    }

    [Fact]
    public void Agents_OfficeIdsOftenZeroAndTeamsAndOfficesPerMarket()
    {
        var (world, _) = DefaultWorld.Value;
        var agents = Enumerable.Range(0, 3000).Select(world.GetAgent).ToList();
        var zero = agents.Count(a => a.OfficeFulfillmentId == 0) / (double)agents.Count;
        Assert.InRange(zero, 0.35, 0.85);
        Assert.All(world.Markets.Where(m => world.AgentsInMarket(m.Index).Count > 0), m =>
        {
            var organizations = world.OrganizationsInMarket(m.Index);
            Assert.Equal(WorldTraits.Default.TeamsPerMarket, organizations.Count(o => o.Kind == OrganizationKind.Team));
            Assert.Equal(WorldTraits.Default.OfficesPerMarket, organizations.Count(o => o.Kind == OrganizationKind.Office));
        });
    }

    [Fact]
    public void PreviousSaleRates_SetToOne_PutAPreviousSaleInsideTheWindowOnEveryUnsoldListing()
    {
        var world = new GeneratedWorld(21, 800, Today, 1024, WorldTraits.Default with { PreviousSaleRate = 1.0, PreviousSaleInWindowRate = 1.0 });
        var unsold = Enumerable.Range(0, 800).SelectMany(world.ListingsOf).Where(l => l.IsUnsold).DistinctBy(l => l.Key).ToList();

        Assert.True(unsold.Count > 50);
        Assert.All(unsold, l =>
        {
            Assert.NotNull(l.SoldDate);
            Assert.InRange(l.SoldDate!.Value, Today.AddMonths(-12), l.ListDate.AddDays(-1));
        });
    }

    [Fact]
    public void Traits_AllRatesZero_GiveThePlainWorld()
    {
        var plain = WorldTraits.Default with
        {
            CoListingRate = 0, DualAgencyRate = 0, CoBuyerRate = 0, UnknownAdvertiserTypeRate = 0, UndisclosedPriceRate = 0,
            UndisclosedPriceRateElsewhere = 0, PreviousSaleRate = 0, ListDateMissingRate = 0, OtherStatusRate = 0, NoMlsRate = 0,
            PendingRate = 0, ContingentRate = 0,
        };
        var (world, listings) = Build(plain);
        Assert.All(listings, l =>
        {
            Assert.True(l.Status is ListingStatus.Sold or ListingStatus.ForSale);
            Assert.DoesNotContain(l.Advertisers, a => a.Type is AdvertiserType.CoSeller or AdvertiserType.CoBuyer or AdvertiserType.Other);
            Assert.Equal(l.IsSold, l.SoldDate is not null && l.SoldPrice is not null);
            Assert.False(l.ListDateHidden || l.IsPending || l.IsContingent);
        });
        Assert.All(Enumerable.Range(0, 500), i => Assert.NotEmpty(world.MlsOf(i)));
    }
}
