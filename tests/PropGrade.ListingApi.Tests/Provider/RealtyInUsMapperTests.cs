using System.Text;
using System.Text.Json;
using PropGrade.Core.Listings;
using PropGrade.ListingApi.Provider;

namespace PropGrade.ListingApi.Tests.Provider;

public sealed class RealtyInUsMapperTests
{
    private static byte[] Sample(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Samples", name));

    [Fact]
    public void MapAgentPage_PublishedSample_MapsFieldsAndStringIds()
    {
        var page = RealtyInUsMapper.MapAgentPage(Sample("agents-list.json"), 0);

        Assert.Equal(3, page.MatchingRows);
        var first = page.Agents[0];
        Assert.Equal((884288L, 3008890L, "Thomas D'Alcamo"), (first.AdvertiserId, first.FulfillmentId, first.Name));
        Assert.Equal("EXIT REALTY TOP PROPERTIES", first.OfficeName);
        Assert.Equal(["Hoboken, NJ"], first.ServedAreas);
        Assert.Equal(new ActivitySummary(25, 249999m, 1010000m, new DateOnly(2026, 4, 5)), first.RecentlySold);
        Assert.Equal(new ActivitySummary(9, 115000m, 1825000m, new DateOnly(2026, 3, 8)), first.ForSale);
        Assert.Equal(2009, first.FirstYear);
        var second = page.Agents[1];
        Assert.Equal((884289L, 3008891L, true), (second.AdvertiserId, second.FulfillmentId, second.IsTeamMember));
        Assert.Equal(ActivitySummary.None, second.ForSale);
    }

    [Fact]
    public void MapProfile_Sample_MapsAgent()
    {
        var profile = RealtyInUsMapper.MapProfile(Sample("profile.json"));

        Assert.Equal(3008890, profile.FulfillmentId);
        Assert.Equal(["Hoboken, NJ", "Jersey City"], profile.ServedAreas);
    }

    [Fact]
    public void MapListingPage_Sample_MapsSidesStatusesAndDates()
    {
        var page = RealtyInUsMapper.MapListingPage(Sample("listings-sold.json"), 3);

        Assert.Equal((3, 10, 231), (page.Page, page.PageSize, page.MatchingRows));
        var sold = page.Listings[0];
        Assert.True(sold.IsSold);
        Assert.Equal((640000m, new DateOnly(2026, 2, 14), "07030"), (sold.SoldPrice!.Value, sold.SoldDate!.Value, sold.PostalCode));
        Assert.Equal([AdvertiserSide.Seller, AdvertiserSide.Buyer], sold.Advertisers.Select(a => a.Side));
        var pending = page.Listings[1];
        Assert.True(pending.IsActive);
        Assert.Null(pending.SoldPrice);
    }

    [Theory]
    [InlineData("""{"page":1,"listings":[]}""")]
    [InlineData("""{"matching_rows":3}""")]
    [InlineData("""{"matching_rows":3,"listings":[{"status":"sold"}]}""")]
    [InlineData("""{"matching_rows":3,"listings":[{"listing_id":"L","status":"sold","list_price":1}]}""")]
    public void MapListingPage_WrongShape_ThrowsProviderShapeException(string json)
    {
        Assert.Throws<ProviderShapeException>(() => RealtyInUsMapper.MapListingPage(Encoding.UTF8.GetBytes(json), 1));
    }

    [Fact]
    public void MapProfile_WrongType_ThrowsJsonException()
    {
        Assert.ThrowsAny<JsonException>(() => RealtyInUsMapper.MapProfile("""{"agent":{"advertiser_id":{"x":1}}}"""u8));
    }
}
