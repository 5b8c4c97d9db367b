using PropGrade.Core.Audit;
using PropGrade.Core.Grading;
using PropGrade.Core.Listings;
using PropGrade.Core.Runs;
using PropGrade.Core.Stages;
using PropGrade.Core.Tests.Fakes;

namespace PropGrade.Core.Tests.Stages;

public sealed class AgentPipelineTests
{
    private static readonly FetchContext Context = new("run", "test", null, NullRawRecorder.Instance);

    private static GradingPlan Plan(bool includeActive = false, string[]? selected = null, int maxPages = 19, DateOnly? soldSince = null) =>
        new(RunDefaults.DefaultTiers, soldSince ?? TestData.Today.AddMonths(-12), TestData.Today, includeActive, selected ?? ["A", "B", "C"], maxPages, TestData.Today);

    private static Listing[] SoldSeries(long fulfillment, int count, decimal price, int daysApart = 3) =>
        [.. Enumerable.Range(0, count).Select(i => TestData.Sold($"S{fulfillment}-{i}", fulfillment, price, TestData.Today.AddDays(-1 - (i * daysApart))))];

    [Fact]
    public async Task GradeAsync_TopTierMetOnFirstPage_StopsTierSettledAfterTwoCalls()
    {
        var source = new FakeListingSource();
        source.AddAgent(TestData.Profile(1, soldCount: 30, soldMax: 5_000_000m), "07030", SoldSeries(1001, 30, 5_000_000m));

        var result = await AgentPipeline.GradeAsync(new AgentWorkItem(1, "07030"), Plan(), source, Context, default);

        Assert.Equal("A", result.Tier);
        Assert.Equal(StopReasons.TierSettled, result.StopReason);
        Assert.True(result.Complete);
        Assert.Equal(2, source.Calls);
        Assert.Equal(50_000_000m, result.SoldVolume);
    }

    [Fact]
    public async Task GradeAsync_ProfileProvesLowestTierOutOfReach_SkipsListings()
    {
        var source = new FakeListingSource();
        source.AddAgent(TestData.Profile(2, soldCount: 2, soldMax: 100_000m), "07030", SoldSeries(1002, 2, 100_000m));

        var result = await AgentPipeline.GradeAsync(new AgentWorkItem(2, "07030"), Plan(), source, Context, default);

        Assert.Equal(GradingPlan.Unranked, result.Tier);
        Assert.Equal(StopReasons.ProfileBound, result.StopReason);
        Assert.True(result.Skipped);
        Assert.Equal(1, source.Calls);
    }

    [Fact]
    public async Task GradeAsync_WindowOutsideProfileYear_DoesNotTrustTheBound()
    {
        var source = new FakeListingSource();
        source.AddAgent(TestData.Profile(3, soldCount: 0, soldMax: null), "07030", SoldSeries(1003, 15, 1_000_000m, daysApart: 40));

        var result = await AgentPipeline.GradeAsync(new AgentWorkItem(3, "07030"), Plan(soldSince: TestData.Today.AddMonths(-24)), source, Context, default);

        Assert.NotEqual(StopReasons.ProfileBound, result.StopReason);
        Assert.Equal("C", result.Tier);
    }

    [Fact]
    public async Task GradeAsync_OldestSaleBeforeWindow_StopsWindowEndWithExactFigures()
    {
        var source = new FakeListingSource();
        source.AddAgent(TestData.Profile(4, soldCount: 20), "07030", SoldSeries(1004, 25, 300_000m, daysApart: 20));

        var result = await AgentPipeline.GradeAsync(new AgentWorkItem(4, "07030"), Plan(), source, Context, default);

        var inWindow = Enumerable.Range(0, 25).Count(i => TestData.Today.AddDays(-1 - (i * 20)) >= TestData.Today.AddMonths(-12));
        Assert.Equal(StopReasons.WindowEnd, result.StopReason);
        Assert.Equal(inWindow, result.SoldSides);
        Assert.Equal(inWindow * 300_000m, result.SoldVolume);
        Assert.Equal("C", result.Tier);
        Assert.Equal(1 + 2, result.Calls);
    }

    [Fact]
    public async Task GradeAsync_DepthCapReached_MarksIncomplete()
    {
        var source = new FakeListingSource();
        source.AddAgent(TestData.Profile(5, soldCount: 40), "07030", SoldSeries(1005, 40, 10_000m, daysApart: 1));

        var result = await AgentPipeline.GradeAsync(new AgentWorkItem(5, "07030"), Plan(maxPages: 2), source, Context, default);

        Assert.False(result.Complete);
        Assert.Equal(StopReasons.DepthCap, result.StopReason);
        Assert.Equal(2, result.PagesFetched);
    }

    [Fact]
    public async Task GradeAsync_PageFails_GradesWhatWasReadAndMarksIncomplete()
    {
        var source = new FakeListingSource
        {
            Fail = (_, kind, page) => kind == ListingKind.ForSold && page == 2 ? new TransientApiException("http_503", "busy") : null,
        };
        source.AddAgent(TestData.Profile(6, soldCount: 40), "07030", SoldSeries(1006, 25, 100_000m, daysApart: 1));

        var result = await AgentPipeline.GradeAsync(new AgentWorkItem(6, "07030"), Plan(), source, Context, default);

        Assert.False(result.Complete);
        Assert.Equal("http_503", result.StopReason);
        Assert.Equal(10m, result.SoldSides);
        Assert.Equal(3, result.Calls);
    }

    [Fact]
    public async Task GradeAsync_AuthFailure_Propagates()
    {
        var source = new FakeListingSource { Fail = (_, _, _) => new ApiAuthException("http_401", "bad key") };
        source.AddAgent(TestData.Profile(7), "07030");

        await Assert.ThrowsAsync<ApiAuthException>(() => AgentPipeline.GradeAsync(new AgentWorkItem(7, "07030"), Plan(), source, Context, default));
    }

    [Fact]
    public async Task GradeAsync_CoListingAndDualAgency_SplitAndDoubleShares()
    {
        var source = new FakeListingSource();
        var coListed = TestData.Sold("L1", 1008, 1_000_000m, TestData.Today.AddDays(-5), new Advertiser(99, "other", AdvertiserSide.Seller));
        var dual = TestData.Sold("L2", 1008, 2_000_000m, TestData.Today.AddDays(-6), new Advertiser(1008, "me", AdvertiserSide.Buyer));
        source.AddAgent(TestData.Profile(8, soldCount: 10), "07030", coListed, dual, coListed);

        var result = await AgentPipeline.GradeAsync(new AgentWorkItem(8, "07030"), Plan(), source, Context, default);

        Assert.Equal(2.5m, result.SoldSides);
        Assert.Equal(500_000m + 4_000_000m, result.SoldVolume);
    }

    [Fact]
    public async Task GradeAsync_IncludeActiveTopMetOnActive_MakesNoSoldCall()
    {
        var source = new FakeListingSource();
        Listing[] active = [.. Enumerable.Range(0, 5).Select(i => TestData.Active($"A{i}", 1009, 10_000_000m, TestData.Today.AddDays(-i)))];
        source.AddAgent(TestData.Profile(9, soldCount: 1, forSaleCount: 5, forSaleMax: 10_000_000m), "07030", [.. active, .. SoldSeries(1009, 3, 1m)]);

        var result = await AgentPipeline.GradeAsync(new AgentWorkItem(9, "07030"), Plan(includeActive: true), source, Context, default);

        Assert.Equal("A", result.Tier);
        Assert.Equal(StopReasons.TierSettled, result.StopReason);
        Assert.DoesNotContain(source.Log, l => l.StartsWith("ForSold", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GradeAsync_OnlyTierBSelected_ReportsAgentMeetingAAsB()
    {
        var source = new FakeListingSource();
        source.AddAgent(TestData.Profile(10, soldCount: 30, soldMax: 5_000_000m), "07030", SoldSeries(1010, 30, 5_000_000m));

        var result = await AgentPipeline.GradeAsync(new AgentWorkItem(10, "07030"), Plan(selected: ["B"]), source, Context, default);

        Assert.Equal("B", result.Tier);
        Assert.Equal(StopReasons.TierSettled, result.StopReason);
    }
}
