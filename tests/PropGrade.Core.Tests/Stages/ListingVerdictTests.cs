using PropGrade.Core.Grading;
using PropGrade.Core.Listings;
using PropGrade.Core.Runs;
using PropGrade.Core.Stages;
using PropGrade.Core.Tests.Fakes;

namespace PropGrade.Core.Tests.Stages;

/// <summary>
/// The verdict <see cref="ListingTally"/> gives each listing it reads (the "why this tier" view shows them): one rule
/// per test, for agent 1, and the verdicts of a page always add up to the tally's figures.
/// </summary>
public sealed class ListingVerdictTests
{
    private static readonly DateOnly Day = TestData.Today.AddDays(-10);

    private static GradingPlan Plan(UndisclosedPrice undisclosed = UndisclosedPrice.ListPrice, bool includeActive = false) =>
        new(RunDefaults.DefaultTiers, TestData.Today.AddMonths(-12), TestData.Today, includeActive, ["A", "B", "C"], 19, TestData.Today, undisclosed);

    private static ListingTally Tally() => new(AgentState.Start(new AgentWorkItem("1", "07030")));

    [Fact]
    public void Sold_InWindowAsSeller_IsCountedWithItsShareAndPrice()
    {
        var verdict = Tally().Sold(TestData.Sold("L", 1, 500_000m, Day, TestData.CoSeller(2)), Plan());

        Assert.Equal(ListingVerdicts.Counted, verdict.Code);
        Assert.True(verdict.Counted);
        Assert.Equal(0.5m, verdict.ListingShare);
        Assert.Equal(0m, verdict.BuyerShare);
        Assert.Equal(500_000m, verdict.Price);
        Assert.Equal(250_000m, verdict.Volume);
        Assert.Equal(0.5m, verdict.Sides);
    }

    [Fact]
    public void Sold_DualAgency_ReportsBothShares()
    {
        var verdict = Tally().Sold(TestData.SoldWith("L", 400_000m, null, Day, TestData.Seller(1), TestData.Buyer(1)), Plan());

        Assert.Equal((1m, 1m, 2m, 800_000m), (verdict.ListingShare, verdict.BuyerShare, verdict.Sides, verdict.Volume));
    }

    [Theory]
    [InlineData(UndisclosedPrice.ListPrice, 610_000)]
    [InlineData(UndisclosedPrice.Exclude, 0)]
    public void Sold_UndisclosedPrice_IsCountedAtTheRulesPriceAndMarked(UndisclosedPrice mode, int expected)
    {
        var tally = Tally();

        var verdict = tally.Sold(TestData.SoldWith("L", null, 610_000m, Day, TestData.Seller(1)), Plan(mode));

        Assert.Equal(ListingVerdicts.Counted, verdict.Code);
        Assert.True(verdict.Undisclosed);
        Assert.Equal(expected, verdict.Price);
        Assert.Equal(1, tally.UndisclosedSales);
    }

    [Theory]
    [InlineData(-400)]
    [InlineData(1)]
    public void Sold_OutsideTheWindow_IsOutsideWindow(int daysFromToday)
    {
        var tally = Tally();

        var verdict = tally.Sold(TestData.Sold("L", 1, 500_000m, TestData.Today.AddDays(daysFromToday)), Plan());

        Assert.Equal(ListingVerdicts.OutsideWindow, verdict.Code);
        Assert.False(verdict.Counted);
        Assert.Equal((0m, 0m), (tally.SoldVolume, tally.SoldSides));
    }

    [Fact]
    public void Sold_WithoutSoldDate_IsNoSoldDate()
    {
        Assert.Equal(ListingVerdicts.NoSoldDate, Tally().Sold(TestData.SoldWith("L", 1m, 1m, null, TestData.Seller(1)), Plan()).Code);
    }

    [Fact]
    public void Sold_TheSameListingTwice_IsCountedOnceThenDuplicate()
    {
        var tally = Tally();
        var listing = TestData.Sold("L", 1, 500_000m, Day);

        var first = tally.Sold(listing, Plan());
        var second = tally.Sold(listing, Plan());

        Assert.Equal((ListingVerdicts.Counted, ListingVerdicts.DuplicateListing), (first.Code, second.Code));
        Assert.Equal(1m, tally.SoldSides);
    }

    [Fact]
    public void Sold_AgentOnlyWithATypeOfNoSide_IsUnknownAdvertiserTypeAndCountedAsAnUnknownSide()
    {
        var tally = Tally();

        var verdict = tally.Sold(TestData.SoldWith("L", 500_000m, null, Day, TestData.Seller(2), TestData.OfType(1, "referral")), Plan());

        Assert.Equal(ListingVerdicts.UnknownAdvertiserType, verdict.Code);
        Assert.Equal("referral", verdict.UnknownType);
        Assert.Equal(1, tally.UnknownSides);
        Assert.Equal(0m, tally.SoldSides);
    }

    [Fact]
    public void Sold_AgentNotAmongTheAdvertisers_IsNotOnListing()
    {
        Assert.Equal(ListingVerdicts.NotOnListing, Tally().Sold(TestData.SoldWith("L", 500_000m, null, Day, TestData.Seller(2)), Plan()).Code);
    }

    [Fact]
    public void Sold_NonSoldListingCarryingAPreviousSale_IsPreviousSale()
    {
        var listing = TestData.Active("L", 1, 700_000m, Day) with { PreviousSaleDate = Day };

        Assert.Equal(ListingVerdicts.PreviousSale, Tally().Sold(listing, Plan()).Code);
    }

    [Theory]
    [InlineData(false, ListingVerdicts.ActiveNotIncluded)]
    [InlineData(true, ListingVerdicts.NotSold)]
    public void Sold_ActiveListingOnASoldPage_IsNeverCountedThere(bool includeActive, string expected)
    {
        Assert.Equal(expected, Tally().Sold(TestData.Active("L", 1, 700_000m, Day), Plan(includeActive: includeActive)).Code);
    }

    [Fact]
    public void Sold_OffMarketListing_IsNotSold()
    {
        var listing = TestData.Active("L", 1, 700_000m, Day) with { Status = "off_market" };

        Assert.Equal(ListingVerdicts.NotSold, Tally().Sold(listing, Plan()).Code);
    }

    [Fact]
    public void Active_ForSaleListing_IsCountedForTheListingSide()
    {
        var tally = Tally();

        var verdict = tally.Active(TestData.Active("L", 1, 900_000m, Day));

        Assert.Equal((ListingVerdicts.Counted, 1m, 900_000m, 900_000m), (verdict.Code, verdict.ListingShare, verdict.Price, verdict.Volume));
        Assert.Equal((900_000m, 1m), (tally.ActiveVolume, tally.ActiveCount));
    }

    [Fact]
    public void Active_SoldListingOnAnActivePage_IsNotActive()
    {
        Assert.Equal(ListingVerdicts.NotActive, Tally().Active(TestData.Sold("L", 1, 1m, Day)).Code);
    }

    [Fact]
    public void Active_ThenTheSameIdOnASoldPage_IsDuplicate()
    {
        var tally = Tally();
        tally.Active(TestData.Active("L", 1, 900_000m, Day));

        Assert.Equal(ListingVerdicts.DuplicateListing, tally.Sold(TestData.Sold("L", 1, 900_000m, Day), Plan()).Code);
    }

    [Fact]
    public void Verdicts_OfAMixedPage_AddUpToTheTallysFigures()
    {
        var plan = Plan();
        Listing[] page =
        [
            TestData.Sold("L1", 1, 500_000m, Day, TestData.CoSeller(2)),
            TestData.SoldWith("L2", null, 300_000m, Day, TestData.Buyer(1)),
            TestData.Sold("L3", 1, 800_000m, TestData.Today.AddYears(-2)),
            TestData.Sold("L1", 1, 500_000m, Day),
            TestData.Active("L4", 1, 1m, Day) with { PreviousSaleDate = Day },
        ];
        var tally = Tally();

        var verdicts = page.Select(l => tally.Sold(l, plan)).ToList();

        Assert.Equal(tally.SoldVolume, verdicts.Sum(v => v.Volume));
        Assert.Equal(tally.SoldSides, verdicts.Sum(v => v.Sides));
        Assert.Equal(
            [ListingVerdicts.Counted, ListingVerdicts.Counted, ListingVerdicts.OutsideWindow, ListingVerdicts.DuplicateListing, ListingVerdicts.PreviousSale],
            verdicts.Select(v => v.Code));
    }

    [Fact]
    public void AddSold_GivesTheSameFiguresAsTheVerdictsOneByOne()
    {
        var plan = Plan(includeActive: true);
        Listing[] page = [TestData.Sold("L1", 1, 500_000m, Day, TestData.CoSeller(2)), TestData.SoldWith("L2", null, 300_000m, Day, TestData.Buyer(1))];
        var bulk = Tally();
        var single = Tally();

        bulk.AddSold(page, plan);
        foreach (var listing in page)
        {
            single.Sold(listing, plan);
        }

        Assert.Equal((bulk.SoldVolume, bulk.SoldSides, bulk.UndisclosedSales), (single.SoldVolume, single.SoldSides, single.UndisclosedSales));
    }
}
