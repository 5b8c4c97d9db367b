using PropGrade.Core.Listings;

namespace PropGrade.Core.Tests.Fakes;

internal static class TestData
{
    public static readonly DateOnly Today = new(2026, 11, 23);

    public static AgentProfile Profile(long id, int soldCount = 10, decimal? soldMax = 1_000_000m, int forSaleCount = 0, decimal? forSaleMax = null) =>
        new(id, id + 1000, $"Agent {id}", $"Office {id}", null, null, [], new ActivitySummary(soldCount, 100_000m, soldMax, null),
            new ActivitySummary(forSaleCount, 100_000m, forSaleMax, null), false, 2010);

    public static Listing Sold(string id, long fulfillment, decimal price, DateOnly date, params Advertiser[] others) =>
        new(id, Listing.StatusSold, price, price, date.AddDays(-30), date, "07030",
            [new Advertiser(fulfillment, "me", AdvertiserSide.Seller), .. others]);

    public static Listing Active(string id, long fulfillment, decimal price, DateOnly listed) =>
        new(id, Listing.StatusForSale, price, null, listed, null, "07030", [new Advertiser(fulfillment, "me", AdvertiserSide.Seller)]);
}
