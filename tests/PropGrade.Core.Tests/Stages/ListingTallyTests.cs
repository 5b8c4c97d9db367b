using PropGrade.Core.Grading;
using PropGrade.Core.Listings;
using PropGrade.Core.Runs;
using PropGrade.Core.Stages;
using PropGrade.Core.Tests.Fakes;

namespace PropGrade.Core.Tests.Stages;

/// <summary>The metric rules of <c>docs/grading-rules.md</c> ("Metrics"), one rule per test, for agent 1.</summary>
public sealed class ListingTallyTests
{
    private static readonly DateOnly Day = TestData.Today.AddDays(-10);

    private static GradingPlan Plan(UndisclosedPrice undisclosed = UndisclosedPrice.ListPrice, bool includeActive = false) =>
        new(RunDefaults.DefaultTiers, TestData.Today.AddMonths(-12), TestData.Today, includeActive, ["A", "B", "C"], 19, TestData.Today, undisclosed);

    private static ListingTally Tally() => new(AgentState.Start(new AgentWorkItem("1", "07030")));

    private static ListingTally Sold(GradingPlan plan, params Listing[] listings)
    {
        var tally = Tally();
        tally.AddSold(listings, plan);
        return tally;
    }

    [Theory]
    [InlineData("seller", 1.0)]
    [InlineData("co_seller", 1.0)]
    [InlineData("buyer", 1.0)]
    [InlineData("co_buyer", 1.0)]
    public void AddSold_EachSideType_EarnsThatSide(string type, double sides)
    {
        var side = type.Contains("seller", StringComparison.Ordinal) ? AdvertiserSide.Seller : AdvertiserSide.Buyer;

        var tally = Sold(Plan(), TestData.SoldWith("L", 500_000m, 510_000m, Day, new Advertiser("1", side, type)));

        Assert.Equal((decimal)sides, tally.SoldSides);
        Assert.Equal(500_000m, tally.SoldVolume);
    }

    [Fact]
    public void AddSold_CoSellerOnTheListingSide_SplitsTheSide()
    {
        var tally = Sold(Plan(), TestData.SoldWith("L", 1_000_000m, null, Day, TestData.Seller(1), TestData.CoSeller(2), TestData.Buyer(3)));

        Assert.Equal(0.5m, tally.SoldSides);
        Assert.Equal(500_000m, tally.SoldVolume);
    }

    [Fact]
    public void AddSold_BuyerAndCoBuyer_SplitTheBuyerSide()
    {
        var tally = Sold(Plan(), TestData.SoldWith("L", 1_000_000m, null, Day, TestData.Seller(9), TestData.Buyer(2), TestData.CoBuyer(1)));

        Assert.Equal(0.5m, tally.SoldSides);
    }

    [Fact]
    public void AddSold_DualAgency_EarnsBothShares()
    {
        var tally = Sold(Plan(), TestData.SoldWith("L", 1_000_000m, null, Day, TestData.Seller(1), TestData.CoSeller(2), TestData.Buyer(1)));

        Assert.Equal(1.5m, tally.SoldSides);
        Assert.Equal(1_500_000m, tally.SoldVolume);
    }

    [Fact]
    public void AddSold_IdsComparedAsStrings_MatchTheAgent()
    {
        var tally = Sold(Plan(), TestData.SoldWith("L", 100m, null, Day, new Advertiser("1", AdvertiserSide.Seller, "seller"), new Advertiser("01", AdvertiserSide.Seller, "seller")));

        Assert.Equal(0.5m, tally.SoldSides);
    }

    [Fact]
    public void AddSold_OnlyAnUnknownType_CountsNothingButAnUnknownSide()
    {
        var tally = Sold(Plan(), TestData.SoldWith("L", 1_000_000m, null, Day, TestData.OfType(1, "management"), TestData.Seller(2)));
        var state = tally.ApplyTo(AgentState.Start(new AgentWorkItem("1", null)));

        Assert.Equal((0m, 0m, 1), (tally.SoldSides, tally.SoldVolume, tally.UnknownSides));
        Assert.Equal(["management"], state.UnknownTypes);
    }

    [Fact]
    public void AddSold_UnknownTypeNextToAKnownSide_IsNoUnknownSide()
    {
        var tally = Sold(Plan(), TestData.SoldWith("L", 1_000m, null, Day, TestData.OfType(1, "management"), TestData.Seller(1)));

        Assert.Equal((1m, 0), (tally.SoldSides, tally.UnknownSides));
    }

    [Fact]
    public void AddSold_UnknownTypeOutsideTheWindow_IsNotCounted()
    {
        var tally = Sold(Plan(), TestData.SoldWith("L", 1_000m, null, TestData.Today.AddYears(-3), TestData.OfType(1, "management")));

        Assert.Equal(0, tally.UnknownSides);
    }

    [Fact]
    public void AddSold_UndisclosedUnderListPrice_CountsTheListPriceAndTheSale()
    {
        var tally = Sold(Plan(), TestData.SoldWith("L", null, 800_000m, Day, TestData.Seller(1), TestData.CoSeller(2)));

        Assert.Equal((0.5m, 400_000m, 1), (tally.SoldSides, tally.SoldVolume, tally.UndisclosedSales));
    }

    [Fact]
    public void AddSold_UndisclosedUnderExclude_CountsNoVolumeButTheSideAndTheSale()
    {
        var tally = Sold(Plan(UndisclosedPrice.Exclude), TestData.SoldWith("L", null, 800_000m, Day, TestData.Seller(1)));

        Assert.Equal((1m, 0m, 1), (tally.SoldSides, tally.SoldVolume, tally.UndisclosedSales));
    }

    [Fact]
    public void AddSold_UndisclosedWithoutListPrice_CountsZero()
    {
        var tally = Sold(Plan(), TestData.SoldWith("L", null, null, Day, TestData.Seller(1)));

        Assert.Equal((1m, 0m, 1), (tally.SoldSides, tally.SoldVolume, tally.UndisclosedSales));
    }

    [Fact]
    public void AddSold_UndisclosedWhereTheAgentHasNoShare_IsNotItsUndisclosedSale()
    {
        var tally = Sold(Plan(), TestData.SoldWith("L", null, 800_000m, Day, TestData.Seller(2)));

        Assert.Equal(0, tally.UndisclosedSales);
    }

    [Fact]
    public void AddSold_WithoutSoldDate_IsNotCounted()
    {
        var tally = Sold(Plan(), TestData.SoldWith("L", 500_000m, null, null, TestData.Seller(1)));

        Assert.Equal((0m, 0m), (tally.SoldSides, tally.SoldVolume));
    }

    [Fact]
    public void AddSold_WindowIsInclusiveAtBothEnds()
    {
        var plan = Plan();

        var tally = Sold(plan,
            TestData.SoldWith("first", 1m, null, plan.SoldSince, TestData.Seller(1)),
            TestData.SoldWith("last", 1m, null, plan.AsOf, TestData.Seller(1)),
            TestData.SoldWith("before", 1m, null, plan.SoldSince.AddDays(-1), TestData.Seller(1)),
            TestData.SoldWith("after", 1m, null, plan.AsOf.AddDays(1), TestData.Seller(1)));

        Assert.Equal(2m, tally.SoldSides);
    }

    [Fact]
    public void AddSold_SameListingTwice_CountsOnce()
    {
        var listing = TestData.SoldWith("L", 1_000m, null, Day, TestData.Seller(1));

        var tally = Sold(Plan(), listing, listing);
        tally.AddSold([listing], Plan());

        Assert.Equal(1m, tally.SoldSides);
    }

    [Theory]
    [InlineData("for_sale")]
    [InlineData("off_market")]
    [InlineData("for_rent")]
    [InlineData("pending")]
    public void AddSold_NotSoldWithAPreviousSaleInTheWindow_IsNeverCounted(string status)
    {
        // The mapper drops sold_* of non-sold listings; even if a source kept them, the grader never counts them.
        var listing = new Listing("L", status, 600_000m, 590_000m, null, Day, "07030", false, false, [TestData.Seller(1)]);

        var tally = Sold(Plan(), listing);

        Assert.Equal((0m, 0m, 0), (tally.SoldSides, tally.SoldVolume, tally.UndisclosedSales));
    }

    [Fact]
    public void AddActive_PendingOrNot_CountsTheListingShareOfTheListPrice()
    {
        var tally = Tally();

        tally.AddActive([
            TestData.Active("A1", 1, 400_000m, Day),
            TestData.Active("A2", 1, 600_000m, Day, pending: true),
            new Listing("A3", Listing.StatusForSale, 1_000_000m, null, Day, null, null, false, true, [TestData.Seller(1), TestData.CoSeller(2)]),
        ]);

        Assert.Equal((2.5m, 1_500_000m), (tally.ActiveCount, tally.ActiveVolume));
    }

    [Fact]
    public void AddActive_BuyerSideOrOtherStatus_CountsNothing()
    {
        var tally = Tally();

        tally.AddActive([
            new Listing("A1", Listing.StatusForSale, 400_000m, null, Day, null, null, false, false, [TestData.Seller(2), TestData.Buyer(1)]),
            new Listing("A2", "off_market", 400_000m, null, Day, null, null, false, false, [TestData.Seller(1)]),
            new Listing("A3", "for_rent", 4_000m, null, Day, null, null, false, false, [TestData.Seller(1)]),
        ]);

        Assert.Equal((0m, 0m), (tally.ActiveCount, tally.ActiveVolume));
    }

    [Fact]
    public void AddActive_PreviousSaleFieldsOnAnActiveListing_AreNotSold()
    {
        var plan = Plan(includeActive: true);
        var tally = Tally();
        var active = new Listing("A1", Listing.StatusForSale, 900_000m, 500_000m, Day, Day, null, false, false, [TestData.Seller(1)]);

        tally.AddActive([active]);
        tally.AddSold([active], plan);

        Assert.Equal((0m, 0m, 1m, 900_000m), (tally.SoldSides, tally.SoldVolume, tally.ActiveCount, tally.ActiveVolume));
    }
}
