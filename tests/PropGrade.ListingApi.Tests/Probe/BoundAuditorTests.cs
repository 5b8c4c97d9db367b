using PropGrade.Core.Listings;
using PropGrade.ListingApi.Probe;

namespace PropGrade.ListingApi.Tests.Probe;

public sealed class BoundAuditorTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    private static AgentProfile Agent(int count, decimal? max) => new(
        "7",
        "Agent Seven",
        null,
        new AgentContact(null, null, null, null, null, null, null, null, null),
        [new MlsMembership("M", "m7", null, true)],
        new ActivitySummary(count, 1, max, null),
        ActivitySummary.None,
        false,
        null);

    private static Listing Sold(string id, DateOnly date, decimal? price, decimal listPrice, params (string Id, string Type)[] advertisers) =>
        new(id, "sold", listPrice, price, null, date, null, false, false,
            [.. advertisers.Select(a => new Advertiser(a.Id, a.Type switch { "seller" or "co_seller" => AdvertiserSide.Seller, "buyer" or "co_buyer" => AdvertiserSide.Buyer, _ => AdvertiserSide.None }, a.Type))]);

    private static ListingPage Page(int page, int total, params Listing[] listings) => new(page, total, listings);

    [Fact]
    public void Audit_SharesAndUndisclosedPricesWithinTheBound_Holds()
    {
        var pages = new[]
        {
            Page(1, 4,
                Sold("a", Today.AddDays(-1), 100, 90, ("7", "seller"), ("8", "co_seller")),
                Sold("b", Today.AddMonths(-3), null, 80, ("7", "seller"), ("7", "buyer"))),
            Page(2, 4,
                Sold("b", Today.AddMonths(-3), null, 80, ("7", "seller"), ("7", "buyer")),
                Sold("c", Today.AddMonths(-13), 999, 999, ("7", "seller"))),
        };

        var audit = BoundAuditor.Audit(Agent(2, 100), pages, Today, "end_of_data");

        Assert.Equal(2.5m, audit.Sides);
        Assert.Equal(0.5m * 100 + (2 * 80), audit.Volume);
        Assert.Equal((4m, 400m), (audit.MaxSides, audit.MaxVolume));
        Assert.Equal((2, 3), (audit.WindowListings, audit.ListingsRead));
        Assert.True(audit.BoundHeld);
        Assert.True(audit.OrderHeld);
        Assert.True(audit.CoversWindow);
        Assert.Null(audit.Detail);
    }

    [Fact]
    public void Audit_MoreSidesThanTheProfileAllows_IsBrokenAndSaysWhy()
    {
        var page = Page(1, 3,
            Sold("a", Today, 100, 100, ("7", "seller"), ("7", "buyer")),
            Sold("b", Today.AddDays(-2), 100, 100, ("7", "seller")));

        var audit = BoundAuditor.Audit(Agent(1, 100), [page], Today, "end_of_data");

        Assert.False(audit.BoundHeld);
        Assert.Contains("sides 3 > 2 x recently_sold.count 1 = 2", audit.Detail, StringComparison.Ordinal);
        Assert.Contains("sold volume 300 > 2 x 1 x recently_sold.max 100 = 200", audit.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Audit_PagesOutOfOrder_AreCountedAndTheWindowIsReadToTheEnd()
    {
        var pages = new[]
        {
            Page(1, 4, Sold("a", Today.AddDays(-10), 1, 1, ("7", "seller")), Sold("b", Today.AddDays(-20), 1, 1, ("7", "seller"))),
            Page(2, 4, Sold("c", Today.AddDays(-5), 1, 1, ("7", "seller")), Sold("d", Today.AddDays(-30), 1, 1, ("7", "seller"))),
        };

        var audit = BoundAuditor.Audit(Agent(4, 1), pages, Today, "end_of_data");

        Assert.False(audit.OrderHeld);
        Assert.Equal(1, audit.PagesOutOfOrder);
        Assert.Contains("page 2: data.forSold.results[0].description.sold_date", audit.Detail, StringComparison.Ordinal);
        Assert.True(audit.BoundHeld);
    }

    [Fact]
    public void Audit_DepthCapBeforeTheWindowStart_SaysItCheckedWhatWasRead()
    {
        var page = Page(1, 50, Sold("a", Today.AddDays(-1), 1, 1, ("7", "seller")));

        var audit = BoundAuditor.Audit(Agent(5, 1), [page], Today, "depth_cap");

        Assert.False(audit.CoversWindow);
        Assert.Contains("do not reach the window's start", audit.Detail, StringComparison.Ordinal);
    }
}
