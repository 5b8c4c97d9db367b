using System.Globalization;
using PropGrade.Core.Listings;

namespace PropGrade.Core.Tests.Fakes;

internal static class TestData
{
    public static readonly DateOnly Today = new(2026, 11, 23);

    public static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>An agent with one primary MLS entry (or none), the given profile figures and a contact.</summary>
    public static AgentProfile Profile(long id, int soldCount = 10, decimal? soldMax = 1_000_000m, int forSaleCount = 0, decimal? forSaleMax = null, bool withMls = true) =>
        new(Id(id), $"Agent {id}", $"Office {id}",
            new AgentContact($"nrds{id}", "(201) 555-0100", null, $"agent{id}@example.com", $"L{id} (NJMLS)", "Broker", "Hoboken", "NJ", null),
            withMls ? [new MlsMembership("NJMLS", $"M{id}", $"L{id}", Primary: true)] : [],
            new ActivitySummary(soldCount, 100_000m, soldMax, null),
            new ActivitySummary(forSaleCount, 100_000m, forSaleMax, null), false, 2010);

    public static Advertiser Seller(long agent) => new(Id(agent), AdvertiserSide.Seller, "seller");

    public static Advertiser CoSeller(long agent) => new(Id(agent), AdvertiserSide.Seller, "co_seller");

    public static Advertiser Buyer(long agent) => new(Id(agent), AdvertiserSide.Buyer, "buyer");

    public static Advertiser CoBuyer(long agent) => new(Id(agent), AdvertiserSide.Buyer, "co_buyer");

    public static Advertiser OfType(long agent, string type) => new(Id(agent), AdvertiserSide.None, type);

    /// <summary>A sold listing with <paramref name="agent"/> as seller (plus <paramref name="others"/>) and a disclosed price.</summary>
    public static Listing Sold(string id, long agent, decimal price, DateOnly date, params Advertiser[] others) =>
        new(id, Listing.StatusSold, price, price, date.AddDays(-30), date, "07030", false, false, [Seller(agent), .. others]);

    /// <summary>A sold listing with exactly the given advertisers.</summary>
    public static Listing SoldWith(string id, decimal? soldPrice, decimal? listPrice, DateOnly? date, params Advertiser[] advertisers) =>
        new(id, Listing.StatusSold, listPrice, soldPrice, null, date, "07030", false, false, advertisers);

    public static Listing Active(string id, long agent, decimal price, DateOnly listed, bool pending = false) =>
        new(id, Listing.StatusForSale, price, null, listed, null, "07030", pending, false, [Seller(agent)]);
}
