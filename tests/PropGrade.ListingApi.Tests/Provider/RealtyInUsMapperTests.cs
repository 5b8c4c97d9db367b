using System.Text;
using System.Text.Json;
using PropGrade.Core.Listings;
using PropGrade.ListingApi.Provider;

namespace PropGrade.ListingApi.Tests.Provider;

/// <summary>The revision-2 mapping, against real-shaped samples (Samples/*.json, built from the contract's examples plus edge cases).</summary>
public sealed class RealtyInUsMapperTests
{
    private static byte[] Sample(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Samples", name));

    private static ListingPage Sold() => RealtyInUsMapper.MapListingPage(Sample("listings-sold.json"), ListingKind.ForSold, 2);

    private static ListingPage Active() => RealtyInUsMapper.MapListingPage(Sample("listings-active.json"), ListingKind.ForSale, 1);

    [Fact]
    public void MapAgentPage_ContractSample_MapsIdsAsStringsProfileFiguresAndContact()
    {
        var page = RealtyInUsMapper.MapAgentPage(Sample("agents-list.json"), 40, 20);

        Assert.Equal((40, 20, 412, 3), (page.Offset, page.Limit, page.MatchingRows, page.Agents.Count));
        var dana = page.Agents[0];
        Assert.Equal(("2210987", "Dana Whitfield", "LONGHORN PROPERTIES"), (dana.AdvertiserId, dana.Name, dana.OfficeName));
        Assert.Equal(new ActivitySummary(31, 275_000m, 1_900_000m, new DateOnly(2026, 11, 12)), dana.RecentlySold);
        Assert.Equal(new ActivitySummary(6, 389_000m, 1_250_000m, new DateOnly(2026, 10, 30)), dana.ForSale);
        Assert.Equal((false, 2011), (dana.IsTeamMember, dana.FirstYear));
        Assert.Equal(
            new AgentContact("512004417", "(512) 555-0147", "(512) 555-0100", "dana@example.com", "0612345 (ACTX)", "Longhorn Properties LLC", "Austin", "TX",
                "https://www.realtor.com/realestateagents/2210987"),
            dana.Contact);
    }

    [Fact]
    public void MapAgentPage_PrimaryMlsEntry_GivesTheListingsKey()
    {
        var dana = RealtyInUsMapper.MapAgentPage(Sample("agents-list.json"), 0, 20).Agents[0];

        Assert.Equal(2, dana.Mls.Count);
        Assert.Equal(new ListingsKey("2210987", "ACTX", "ACT55501"), dana.PrimaryListingsKey());
    }

    [Fact]
    public void MapAgentPage_NoPrimaryMlsEntry_TakesTheFirstAndNumberNrdsIdAsString()
    {
        var ana = RealtyInUsMapper.MapAgentPage(Sample("agents-list.json"), 0, 20).Agents[1];

        Assert.Equal("100732851", ana.AdvertiserId);
        Assert.Equal(new ListingsKey("100732851", "ACTX", "ACT60001"), ana.PrimaryListingsKey());
        Assert.Equal("512004418", ana.Contact.NrdsId);
        Assert.Equal("(512) 555-0199", ana.Contact.Phone);
        Assert.True(ana.IsTeamMember);
        Assert.Equal(ActivitySummary.None, ana.ForSale);
    }

    [Fact]
    public void MapAgentPage_NoMlsEntry_HasNoListingsKey()
    {
        var agent = RealtyInUsMapper.MapAgentPage(Sample("agents-list.json"), 0, 20).Agents[2];

        Assert.Empty(agent.Mls);
        Assert.Null(agent.PrimaryListingsKey());
        Assert.Null(agent.Contact.NrdsId);
    }

    [Fact]
    public void MapProfile_Sample_MapsTheAgentLikeAListEntry()
    {
        var profile = RealtyInUsMapper.MapProfile(Sample("profile.json"));
        var listed = RealtyInUsMapper.MapAgentPage(Sample("agents-list.json"), 0, 20).Agents[0];

        Assert.Equal(new ListingsKey("2210987", "ACTX", "ACT55501"), profile.PrimaryListingsKey());
        Assert.Equal(listed.Contact, profile.Contact);
        Assert.Equal(listed.RecentlySold, profile.RecentlySold);
    }

    [Fact]
    public void MapListingPage_SoldSample_ReadsTheNestedEnvelopeTotal()
    {
        var page = Sold();

        Assert.Equal((2, 57, 6), (page.Page, page.Total, page.Listings.Count));
        Assert.False(page.IsLast(56));
        Assert.True(page.IsLast(57));
    }

    [Fact]
    public void MapListingPage_SoldPriceAndDate_ComeFromDescription()
    {
        var sold = Sold().Listings[0];

        Assert.True(sold.IsSold);
        Assert.Equal((602_500m, new DateOnly(2026, 10, 21), 615_000m, new DateOnly(2026, 8, 2), "78751"),
            (sold.SoldPrice!.Value, sold.SoldDate!.Value, sold.ListPrice!.Value, sold.ListDate!.Value, sold.PostalCode));
    }

    [Fact]
    public void MapListingPage_AdvertiserTypes_GiveSidesAndKeepTheType()
    {
        var sold = Sold().Listings[0];

        Assert.Equal(
            [new Advertiser("2210987", AdvertiserSide.Seller, "seller"), new Advertiser("3309876", AdvertiserSide.Seller, "co_seller"), new Advertiser("1402288", AdvertiserSide.Buyer, "buyer")],
            sold.Advertisers);
    }

    [Fact]
    public void MapListingPage_CoBuyerAndNumberFulfillmentId_MapToTheBuyerSideAndAString()
    {
        var dual = Sold().Listings[1];

        Assert.Equal(["2210987", "1402288", "2210987"], dual.Advertisers.Select(a => a.FulfillmentId));
        Assert.Equal([AdvertiserSide.Seller, AdvertiserSide.Buyer, AdvertiserSide.Buyer], dual.Advertisers.Select(a => a.Side));
    }

    [Fact]
    public void MapListingPage_NullSoldPrice_IsUndisclosedNotMalformed()
    {
        var undisclosed = Sold().Listings[1];

        Assert.True(undisclosed.IsSold);
        Assert.Null(undisclosed.SoldPrice);
        Assert.Equal(749_000m, undisclosed.ListPrice);
        Assert.Equal(new DateOnly(2026, 10, 2), undisclosed.SoldDate);
    }

    [Fact]
    public void MapListingPage_SoldWithoutSoldDate_MapsWithoutOne()
    {
        var undated = Sold().Listings[2];

        Assert.True(undated.IsSold);
        Assert.Null(undated.SoldDate);
        Assert.Equal(405_000m, undated.SoldPrice);
    }

    [Fact]
    public void MapListingPage_UnknownTypeAndEntryWithoutId_AreKeptOnNoSideAndOnTheirSide()
    {
        var page = Sold();

        Assert.Equal(new Advertiser("2210987", AdvertiserSide.None, "management"), page.Listings[3].Advertisers[0]);
        Assert.Equal(new Advertiser("", AdvertiserSide.Seller, "seller"), page.Listings[4].Advertisers[0]);
        Assert.Equal(new DateOnly(2026, 9, 15), page.Listings[3].SoldDate);
    }

    [Fact]
    public void MapListingPage_NumberListingIdAndMissingListPrice_AreRead()
    {
        var listing = Sold().Listings[5];

        Assert.Equal("2987001239", listing.ListingId);
        Assert.Null(listing.ListPrice);
        Assert.Null(listing.SoldPrice);
    }

    [Fact]
    public void MapListingPage_PreviousSaleOnActiveListings_IsDropped()
    {
        var page = Active();

        Assert.All(page.Listings, l => Assert.Null(l.SoldPrice));
        Assert.All(page.Listings, l => Assert.Null(l.SoldDate));
        Assert.Equal(899_000m, page.Listings[0].ListPrice);
    }

    [Fact]
    public void MapListingPage_PendingAndContingent_ComeFromFlagsAndStayForSale()
    {
        var page = Active();

        Assert.Equal([false, true, false, false], page.Listings.Select(l => l.IsPending));
        Assert.Equal([false, false, true, false], page.Listings.Select(l => l.IsContingent));
        Assert.Equal([true, true, true, false], page.Listings.Select(l => l.IsActive));
        Assert.Equal("off_market", page.Listings[3].Status);
    }

    [Fact]
    public void MapListingPage_MissingListDate_IsAllowed()
    {
        Assert.Null(Active().Listings[1].ListDate);
    }

    [Fact]
    public void MapListingPage_Revision1FlatEnvelope_IsAShapeError()
    {
        Assert.Throws<ProviderShapeException>(() => RealtyInUsMapper.MapListingPage(Sample("listings-sold-revision1.json"), ListingKind.ForSold, 3));
    }

    [Fact]
    public void MapListingPage_EnvelopeOfTheOtherType_IsAShapeError()
    {
        var ex = Assert.Throws<ProviderShapeException>(() => RealtyInUsMapper.MapListingPage(Sample("listings-sold.json"), ListingKind.ForSale, 1));

        Assert.Contains("data.forSale", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"data":{"forSold":{"count":0,"results":[]}}}""")]
    [InlineData("""{"data":{"forSold":{"total":3}}}""")]
    [InlineData("""{"data":{"forSold":{"total":3,"results":[{"status":"sold"}]}}}""")]
    [InlineData("""{"data":{"forSold":{"total":3,"results":[{"listing_id":"L"}]}}}""")]
    [InlineData("""{"data":null}""")]
    public void MapListingPage_WrongShape_ThrowsProviderShapeException(string json)
    {
        Assert.Throws<ProviderShapeException>(() => RealtyInUsMapper.MapListingPage(Encoding.UTF8.GetBytes(json), ListingKind.ForSold, 1));
    }

    [Theory]
    [InlineData("""{"matching_rows":3,"agents":[{"person_name":"x"}]}""")]
    [InlineData("""{"agents":[]}""")]
    public void MapAgentPage_AgentWithoutAdvertiserIdOrNoMatchingRows_ThrowsProviderShapeException(string json)
    {
        Assert.Throws<ProviderShapeException>(() => RealtyInUsMapper.MapAgentPage(Encoding.UTF8.GetBytes(json), 0, 20));
    }

    [Fact]
    public void MapProfile_WrongType_ThrowsJsonException()
    {
        Assert.ThrowsAny<JsonException>(() => RealtyInUsMapper.MapProfile("""{"agent":{"advertiser_id":{"x":1}}}"""u8));
    }

    [Fact]
    public void IsEndpointMissing_TheGatewaysMessage_IsTrueAndAgentNotFoundIsNot()
    {
        Assert.True(RealtyInUsMapper.IsEndpointMissing(RealtyInUsMapper.TryReadMessage(Sample("endpoint-missing.json"))));
        Assert.False(RealtyInUsMapper.IsEndpointMissing(RealtyInUsMapper.TryReadMessage(Sample("agent-not-found.json"))));
        Assert.False(RealtyInUsMapper.IsEndpointMissing(null));
    }

    [Theory]
    [InlineData("seller", AdvertiserSide.Seller)]
    [InlineData("co_seller", AdvertiserSide.Seller)]
    [InlineData("buyer", AdvertiserSide.Buyer)]
    [InlineData("co_buyer", AdvertiserSide.Buyer)]
    [InlineData("management", AdvertiserSide.None)]
    [InlineData("Seller", AdvertiserSide.None)]
    [InlineData(null, AdvertiserSide.None)]
    public void SideOf_EachType_GivesItsSide(string? type, AdvertiserSide side)
    {
        Assert.Equal(side, RealtyInUsMapper.SideOf(type));
    }
}
