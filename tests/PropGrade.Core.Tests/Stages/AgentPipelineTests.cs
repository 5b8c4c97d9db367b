using PropGrade.Core.Audit;
using PropGrade.Core.Grading;
using PropGrade.Core.Listings;
using PropGrade.Core.Runs;
using PropGrade.Core.Stages;
using PropGrade.Core.Tests.Fakes;

namespace PropGrade.Core.Tests.Stages;

/// <summary>The calls and stop rules of <c>docs/grading-rules.md</c> ("Calls, in order"), one agent at a time.</summary>
public sealed class AgentPipelineTests
{
    private static readonly FetchContext Context = new("run", "test", null, NullRawRecorder.Instance);

    private static GradingPlan Plan(bool includeActive = false, string[]? selected = null, int maxPages = 19, DateOnly? soldSince = null) =>
        new(RunDefaults.DefaultTiers, soldSince ?? TestData.Today.AddMonths(-12), TestData.Today, includeActive, selected ?? ["A", "B", "C"], maxPages, TestData.Today);

    private static Listing[] SoldSeries(long agent, int count, decimal price, int daysApart = 3) =>
        [.. Enumerable.Range(0, count).Select(i => TestData.Sold($"S{agent}-{i}", agent, price, TestData.Today.AddDays(-1 - (i * daysApart))))];

    /// <summary>A discovered agent: its work item carries its /agents/list entry.</summary>
    private static AgentWorkItem Discovered(FakeListingSource source, long id) =>
        new(TestData.Id(id), "07030", $"nrds{id}", source.ProfileOf(id));

    [Fact]
    public async Task GradeAsync_DiscoveredAgent_MakesNoProfileCall()
    {
        var source = new FakeListingSource();
        source.AddAgent(TestData.Profile(1, soldCount: 30, soldMax: 5_000_000m), "07030", SoldSeries(1, 30, 5_000_000m));

        var result = await AgentPipeline.GradeAsync(Discovered(source, 1), Plan(), source, Context, default);

        Assert.Equal("A", result.Tier);
        Assert.Equal(StopReasons.TierSettled, result.StopReason);
        Assert.True(result.Complete);
        Assert.True(result.Profiled);
        Assert.Equal(["ForSold 1 1"], source.Log);
        Assert.Equal(1, result.Calls);
        Assert.Equal(50_000_000m, result.SoldVolume);
        Assert.Equal("nrds1", result.Contact!.NrdsId);
        Assert.Equal("Agent 1", result.Name);
    }

    [Fact]
    public async Task GradeAsync_RosterAgent_CallsGetProfileOnceWithItsNrdsId()
    {
        var source = new FakeListingSource();
        source.AddAgent(TestData.Profile(1, soldCount: 30, soldMax: 5_000_000m), "07030", SoldSeries(1, 30, 5_000_000m));

        var result = await AgentPipeline.GradeAsync(new AgentWorkItem("1", null, "nrds1"), Plan(), source, Context, default);

        Assert.Equal(["profile 1 nrds1", "ForSold 1 1"], source.Log);
        Assert.Equal(2, result.Calls);
        Assert.Equal("A", result.Tier);
    }

    [Fact]
    public async Task GradeAsync_RosterAgentUnknown_IncompleteWithTheReason()
    {
        var source = new FakeListingSource();

        var result = await AgentPipeline.GradeAsync(new AgentWorkItem("404", null, "n"), Plan(), source, Context, default);

        Assert.False(result.Complete);
        Assert.Equal("http_404", result.StopReason);
        Assert.Equal(1, result.Calls);
    }

    [Fact]
    public async Task GradeAsync_ProfileProvesLowestTierOutOfReach_SkipsListingsWithNoCall()
    {
        var source = new FakeListingSource();
        source.AddAgent(TestData.Profile(2, soldCount: 2, soldMax: 100_000m), "07030", SoldSeries(2, 2, 100_000m));

        var result = await AgentPipeline.GradeAsync(Discovered(source, 2), Plan(), source, Context, default);

        Assert.Equal(GradingPlan.Unranked, result.Tier);
        Assert.Equal(StopReasons.ProfileBound, result.StopReason);
        Assert.True(result.Skipped);
        Assert.True(result.Complete);
        Assert.Equal(0, source.Calls);
        Assert.Equal(0, result.Calls);
    }

    [Fact]
    public async Task GradeAsync_NoMlsEntry_IncompleteNoMlsIdWithoutListingCall()
    {
        var source = new FakeListingSource();
        source.AddAgent(TestData.Profile(3, soldCount: 30, withMls: false), "07030", SoldSeries(3, 30, 1_000_000m));

        var result = await AgentPipeline.GradeAsync(Discovered(source, 3), Plan(), source, Context, default);

        Assert.False(result.Complete);
        Assert.Equal(StopReasons.NoMlsId, result.StopReason);
        Assert.Equal(0, source.Calls);
        Assert.Equal(GradingPlan.Unranked, result.Tier);
    }

    [Fact]
    public async Task GradeAsync_NoMlsEntryButBoundSkips_ProfileBoundComesFirst()
    {
        var source = new FakeListingSource();
        source.AddAgent(TestData.Profile(3, soldCount: 1, soldMax: 10_000m, withMls: false), "07030");

        var result = await AgentPipeline.GradeAsync(Discovered(source, 3), Plan(), source, Context, default);

        Assert.True(result.Complete);
        Assert.Equal(StopReasons.ProfileBound, result.StopReason);
    }

    [Fact]
    public async Task GradeAsync_SecondaryMlsEntryMarkedPrimary_PagesWithThePrimaryOne()
    {
        var source = new FakeListingSource();
        var profile = TestData.Profile(4, soldCount: 20) with
        {
            Mls = [new MlsMembership("FIRST", "F4", null, Primary: false), new MlsMembership("MAIN", "P4", "L4", Primary: true)],
        };
        source.AddAgent(profile, "07030", SoldSeries(4, 5, 300_000m));

        var result = await AgentPipeline.GradeAsync(Discovered(source, 4), Plan(), source, Context, default);

        Assert.True(result.Complete, result.StopReason);
        Assert.Equal(5m, result.SoldSides);
    }

    [Fact]
    public async Task GradeAsync_WindowOutsideProfileYear_DoesNotTrustTheBound()
    {
        var source = new FakeListingSource();
        source.AddAgent(TestData.Profile(3, soldCount: 0, soldMax: null), "07030", SoldSeries(3, 15, 1_000_000m, daysApart: 40));

        var result = await AgentPipeline.GradeAsync(Discovered(source, 3), Plan(soldSince: TestData.Today.AddMonths(-24)), source, Context, default);

        Assert.NotEqual(StopReasons.ProfileBound, result.StopReason);
        Assert.Equal("C", result.Tier);
    }

    [Fact]
    public async Task GradeAsync_OldestSaleBeforeWindow_StopsWindowEndWithExactFigures()
    {
        var source = new FakeListingSource();
        source.AddAgent(TestData.Profile(4, soldCount: 20), "07030", SoldSeries(4, 25, 300_000m, daysApart: 20));

        var result = await AgentPipeline.GradeAsync(Discovered(source, 4), Plan(), source, Context, default);

        var inWindow = Enumerable.Range(0, 25).Count(i => TestData.Today.AddDays(-1 - (i * 20)) >= TestData.Today.AddMonths(-12));
        Assert.Equal(StopReasons.WindowEnd, result.StopReason);
        Assert.Equal(inWindow, result.SoldSides);
        Assert.Equal(inWindow * 300_000m, result.SoldVolume);
        Assert.Equal("C", result.Tier);
        Assert.Equal(2, result.Calls);
        Assert.False(result.UnorderedPages);
    }

    [Theory]
    [InlineData(7, 15, 3)]
    [InlineData(7, 14, 2)]
    [InlineData(10, 20, 2)]
    [InlineData(4, 9, 3)]
    public async Task GradeAsync_LastPage_ComesFromTotalAndResultsReadNeverAPageSize(int pageSize, int sold, int expectedCalls)
    {
        var source = new FakeListingSource { PageSize = pageSize };
        source.AddAgent(TestData.Profile(5, soldCount: sold), "07030", SoldSeries(5, sold, 10_000m, daysApart: 1));

        var result = await AgentPipeline.GradeAsync(Discovered(source, 5), Plan(), source, Context, default);

        Assert.Equal(StopReasons.EndOfData, result.StopReason);
        Assert.True(result.Complete);
        Assert.Equal(expectedCalls, result.Calls);
        Assert.Equal(sold, result.SoldSides);
    }

    [Fact]
    public async Task GradeAsync_RepeatedListingOnAPage_CountsDistinctIdsAndDoesNotStopOneListingEarly()
    {
        var source = new FakeListingSource { RepeatLastOfPreviousPage = true };
        source.AddAgent(TestData.Profile(5, soldCount: 21), "07030", SoldSeries(5, 21, 10_000m, daysApart: 1));

        var result = await AgentPipeline.GradeAsync(Discovered(source, 5), Plan(), source, Context, default);

        // Page 2 holds 11 results (one repeated): 21 results read but only 20 distinct ids, so page 3 is read too.
        Assert.Equal((StopReasons.EndOfData, true, 3), (result.StopReason, result.Complete, result.Calls));
        Assert.Equal(21m, result.SoldSides);
    }

    [Fact]
    public async Task GradeAsync_TotalCountsAListingTwice_ReadsOneExtraEmptyPageThenEnds()
    {
        var source = new FakeListingSource { DuplicateInTotal = 1 };
        source.AddAgent(TestData.Profile(5, soldCount: 20), "07030", SoldSeries(5, 20, 10_000m, daysApart: 1));

        var result = await AgentPipeline.GradeAsync(Discovered(source, 5), Plan(), source, Context, default);

        Assert.Equal((StopReasons.EndOfData, true, 3, 20m), (result.StopReason, result.Complete, result.Calls, result.SoldSides));
    }

    [Fact]
    public async Task GradeAsync_SoldPagesOutOfOrder_TurnsWindowEndOffReadsOnAndFlagsTheAgent()
    {
        var source = new FakeListingSource { Unsorted = true };
        // Oldest first: page 1's oldest sale is before soldSince, but later pages hold sales inside the window.
        var listings = Enumerable.Range(0, 25).Select(i => TestData.Sold($"S{i}", 6, 100_000m, TestData.Today.AddMonths(-30).AddDays(i * 40))).ToArray();
        source.AddAgent(TestData.Profile(6, soldCount: 20), "07030", listings);

        var result = await AgentPipeline.GradeAsync(Discovered(source, 6), Plan(), source, Context, default);

        var inWindow = listings.Count(l => l.SoldDate >= TestData.Today.AddMonths(-12) && l.SoldDate <= TestData.Today);
        Assert.True(result.UnorderedPages);
        Assert.Equal(StopReasons.EndOfData, result.StopReason);
        Assert.True(result.Complete);
        Assert.Equal(3, result.Calls);
        Assert.Equal(inWindow, result.SoldSides);
    }

    [Fact]
    public async Task GradeAsync_DepthCapReached_MarksIncomplete()
    {
        var source = new FakeListingSource();
        source.AddAgent(TestData.Profile(5, soldCount: 40), "07030", SoldSeries(5, 40, 10_000m, daysApart: 1));

        var result = await AgentPipeline.GradeAsync(Discovered(source, 5), Plan(maxPages: 2), source, Context, default);

        Assert.False(result.Complete);
        Assert.Equal(StopReasons.DepthCap, result.StopReason);
        Assert.Equal(2, result.PagesFetched);
    }

    [Fact]
    public async Task GradeAsync_ActiveDepthCappedThenSoldToTheEnd_StaysIncompleteDepthCap()
    {
        var source = new FakeListingSource();
        Listing[] active = [.. Enumerable.Range(0, 25).Select(i => TestData.Active($"A{i}", 7, 1_000m, TestData.Today.AddDays(-i)))];
        source.AddAgent(TestData.Profile(7, soldCount: 20, forSaleCount: 25, forSaleMax: 1_000m), "07030", [.. active, .. SoldSeries(7, 5, 10_000m)]);

        var result = await AgentPipeline.GradeAsync(Discovered(source, 7), Plan(includeActive: true, maxPages: 2), source, Context, default);

        Assert.False(result.Complete);
        Assert.Equal(StopReasons.DepthCap, result.StopReason);
        Assert.Equal(20m, result.ActiveCount);
        Assert.Equal(5m, result.SoldSides);
    }

    [Fact]
    public async Task GradeAsync_ActiveDepthCappedThenSoldSettlesTheTier_IsComplete()
    {
        var source = new FakeListingSource();
        Listing[] active = [.. Enumerable.Range(0, 25).Select(i => TestData.Active($"A{i}", 7, 1_000m, TestData.Today.AddDays(-i)))];
        source.AddAgent(TestData.Profile(7, soldCount: 20, soldMax: 5_000_000m, forSaleCount: 25, forSaleMax: 1_000m), "07030", [.. active, .. SoldSeries(7, 10, 5_000_000m)]);

        var result = await AgentPipeline.GradeAsync(Discovered(source, 7), Plan(includeActive: true, maxPages: 2), source, Context, default);

        Assert.True(result.Complete);
        Assert.Equal(StopReasons.TierSettled, result.StopReason);
        Assert.Equal("A", result.Tier);
    }

    [Fact]
    public async Task GradeAsync_PageFails_GradesWhatWasReadAndMarksIncomplete()
    {
        var source = new FakeListingSource
        {
            Fail = (_, kind, page) => kind == ListingKind.ForSold && page == 2 ? new TransientApiException("http_503", "busy") : null,
        };
        source.AddAgent(TestData.Profile(6, soldCount: 40), "07030", SoldSeries(6, 25, 100_000m, daysApart: 1));

        var result = await AgentPipeline.GradeAsync(Discovered(source, 6), Plan(), source, Context, default);

        Assert.False(result.Complete);
        Assert.Equal("http_503", result.StopReason);
        Assert.Equal(10m, result.SoldSides);
        Assert.Equal(2, result.Calls);
    }

    [Theory]
    [InlineData("auth")]
    [InlineData("endpoint")]
    public async Task GradeAsync_RunStoppingFailure_Propagates(string kind)
    {
        Exception failure = kind == "auth" ? new ApiAuthException("http_401", "bad key") : new EndpointMissingException("Endpoint '/agents/get-listings' does not exist");
        var source = new FakeListingSource { Fail = (_, _, _) => failure };
        source.AddAgent(TestData.Profile(7), "07030", SoldSeries(7, 3, 1m));

        var thrown = await Assert.ThrowsAnyAsync<ListingApiException>(() => AgentPipeline.GradeAsync(Discovered(source, 7), Plan(), source, Context, default));

        Assert.Same(failure, thrown);
        Assert.True(thrown.StopsRun);
    }

    [Fact]
    public async Task GradeAsync_IncludeActiveTopMetOnActive_MakesNoSoldCall()
    {
        var source = new FakeListingSource();
        Listing[] active = [.. Enumerable.Range(0, 5).Select(i => TestData.Active($"A{i}", 9, 10_000_000m, TestData.Today.AddDays(-i), pending: i % 2 == 0))];
        source.AddAgent(TestData.Profile(9, soldCount: 1, forSaleCount: 5, forSaleMax: 10_000_000m), "07030", [.. active, .. SoldSeries(9, 3, 1m)]);

        var result = await AgentPipeline.GradeAsync(Discovered(source, 9), Plan(includeActive: true), source, Context, default);

        Assert.Equal("A", result.Tier);
        Assert.Equal(StopReasons.TierSettled, result.StopReason);
        Assert.Equal(5m, result.ActiveCount);
        Assert.DoesNotContain(source.Log, l => l.StartsWith("ForSold", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GradeAsync_OnlyTierBSelected_ReportsAgentMeetingAAsB()
    {
        var source = new FakeListingSource();
        source.AddAgent(TestData.Profile(10, soldCount: 30, soldMax: 5_000_000m), "07030", SoldSeries(10, 30, 5_000_000m));

        var result = await AgentPipeline.GradeAsync(Discovered(source, 10), Plan(selected: ["B"]), source, Context, default);

        Assert.Equal("B", result.Tier);
        Assert.Equal(StopReasons.TierSettled, result.StopReason);
    }

    [Fact]
    public async Task GradeAsync_UndisclosedSales_CountedAndReportedOnTheResult()
    {
        var source = new FakeListingSource();
        source.AddAgent(TestData.Profile(11, soldCount: 20), "07030",
            TestData.SoldWith("U1", null, 700_000m, TestData.Today.AddDays(-3), TestData.Seller(11)),
            TestData.Sold("D1", 11, 300_000m, TestData.Today.AddDays(-4)));

        var listPrice = await AgentPipeline.GradeAsync(Discovered(source, 11), Plan(), source, Context, default);
        var exclude = await AgentPipeline.GradeAsync(Discovered(source, 11), Plan() with { UndisclosedPrice = UndisclosedPrice.Exclude }, source, Context, default);

        Assert.Equal((1_000_000m, 2m, 1, true), (listPrice.SoldVolume, listPrice.SoldSides, listPrice.UndisclosedSales, listPrice.VolumeEstimated));
        Assert.Equal((300_000m, 2m, 1, false), (exclude.SoldVolume, exclude.SoldSides, exclude.UndisclosedSales, exclude.VolumeEstimated));
    }
}
