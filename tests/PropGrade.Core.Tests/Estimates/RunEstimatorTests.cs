using PropGrade.Core.Estimates;
using PropGrade.Core.Listings;
using PropGrade.Core.Runs;
using PropGrade.Core.Tests.Api;

namespace PropGrade.Core.Tests.Estimates;

public sealed class RunEstimatorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly RunRequest Request = ApiFakes.SampleRequest; // markets 07030, 90210

    private static RunRecord Finished(string runId, RunRequest request, int agents, long calls, DateTimeOffset createdAt, params MarketReport[] markets) =>
        ApiFakes.Record(runId, createdAt) with
        {
            Request = request,
            Counters = new RunCounters(AgentsDiscovered: agents, AgentsDone: agents, ApiCalls: calls),
            StartedAt = createdAt,
            FinishedAt = createdAt.AddMinutes(10),
            ListingApiRevision = RunRecord.CurrentListingApiRevision,
            Markets = markets,
        };

    private static Task<RunEstimate> EstimateAsync(InMemoryRunStore runs, RunRequest request, QuotaSnapshot? quota = null, IRunCostModel? cost = null) =>
        new RunEstimator(runs, new FixedEstimateContext(5, quota), cost).EstimateAsync(request, CancellationToken.None);

    [Fact]
    public async Task EstimateAsync_LatestRunOverTheSameMarkets_IsTheBasis()
    {
        var runs = new InMemoryRunStore();
        runs.Add(Finished("old", Request, 100, 150, T0));
        runs.Add(Finished("new", Request with { Markets = ["90210", "07030"] }, 120, 170, T0.AddDays(1), new MarketReport("07030", 70, 70, false, 0, null), new MarketReport("90210", 50, 50, false, 0, null)));
        runs.Add(Finished("other", Request with { Markets = ["10001"] }, 900, 2000, T0.AddDays(2)));

        var estimate = await EstimateAsync(runs, Request);

        Assert.Equal(("run", "new"), (estimate.Basis, estimate.BasisRunId));
        Assert.Equal((120, 170, 7), (estimate.Agents, estimate.ApiCalls, estimate.DiscoveryCalls));
        Assert.Equal(170 / 5.0, estimate.DurationSeconds);
        Assert.Equal(600, estimate.PreviousDurationSeconds);
        Assert.Contains("new", estimate.BasisText, StringComparison.Ordinal);
        Assert.Empty(estimate.Notes);
    }

    [Fact]
    public async Task EstimateAsync_ComparableRunWithOtherTiers_SaysTheCallsMayDiffer()
    {
        var runs = new InMemoryRunStore();
        runs.Add(Finished("r", Request with { MaxPages = 5 }, 100, 150, T0));

        var estimate = await EstimateAsync(runs, Request);

        Assert.Equal("run", estimate.Basis);
        Assert.Contains(estimate.Notes, n => n.Contains("may differ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EstimateAsync_MarketsSeenByOtherRuns_AddsTheirAgentsAndDefaultsTheRest()
    {
        var runs = new InMemoryRunStore();
        runs.Add(Finished("a", Request with { Markets = ["07030", "10001"] }, 100, 2 + 3 + 60, T0, new MarketReport("07030", 40, 40, false, 0, null), new MarketReport("10001", 60, 60, false, 0, null)));

        var estimate = await EstimateAsync(runs, Request);

        // 07030 known (40 agents, 2 discovery pages), 90210 unknown (the default 50 agents, 3 pages); 60 listing calls for 100 agents.
        Assert.Equal("markets", estimate.Basis);
        Assert.Equal(40 + RunEstimator.DefaultAgentsPerMarket, estimate.Agents);
        Assert.Equal(2 + 3, estimate.DiscoveryCalls);
        Assert.Equal(5 + (long)Math.Ceiling(90 * 0.6), estimate.ApiCalls);
        Assert.Contains(estimate.Notes, n => n.Contains("1 market(s)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EstimateAsync_NoRunAtAll_UsesTheDefaultsAndSaysSo()
    {
        var estimate = await EstimateAsync(new InMemoryRunStore(), Request);

        Assert.Equal(("defaults", null), (estimate.Basis, estimate.BasisRunId));
        Assert.Equal(2 * RunEstimator.DefaultAgentsPerMarket, estimate.Agents);
        Assert.Equal(6 + (long)Math.Ceiling(100 * RunEstimator.DefaultCallsPerAgent), estimate.ApiCalls);
        Assert.StartsWith("defaults", estimate.BasisText, StringComparison.Ordinal);
        Assert.Null(estimate.Cost);
    }

    [Fact]
    public async Task EstimateAsync_Roster_CountsOneProfileCallPerAgentAndNoDiscovery()
    {
        var roster = Request with { Markets = null, Roster = [new RosterEntry("1", "n1"), new RosterEntry("2", "n2"), new RosterEntry("3", "n3")] };

        var estimate = await EstimateAsync(new InMemoryRunStore(), roster);

        Assert.Equal((3, 0), (estimate.Agents, estimate.DiscoveryCalls));
        Assert.Equal((long)Math.Ceiling(3 * (1 + RunEstimator.DefaultCallsPerAgent)), estimate.ApiCalls);
    }

    [Fact]
    public async Task EstimateAsync_QuotaKnown_SaysWhatIsLeftAfterAndWarnsWhenItIsShort()
    {
        var seen = T0.AddHours(1);

        var estimate = await EstimateAsync(new InMemoryRunStore(), Request, new QuotaSnapshot(500, 50, 3600, seen));

        Assert.Equal((50L, 500L, seen), (estimate.QuotaRemaining!.Value, estimate.QuotaLimit!.Value, estimate.QuotaSeenAt!.Value));
        Assert.Equal(50 - estimate.ApiCalls, estimate.QuotaAfter);
        Assert.Contains(estimate.Notes, n => n.Contains("quota left", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EstimateAsync_WithACostModel_AsksItWithTheEstimatedSize()
    {
        var cost = new RecordingCost();

        var estimate = await EstimateAsync(new InMemoryRunStore(), Request, cost: cost);

        Assert.Equal(1.25m, estimate.Cost!.TotalUsd);
        Assert.Equal(new RunCostQuestion(estimate.Agents, estimate.ApiCalls, estimate.DiscoveryCalls, 5), cost.Asked);
    }

    private sealed class RecordingCost : IRunCostModel
    {
        public RunCostQuestion? Asked { get; private set; }

        public RunCost Estimate(RunCostQuestion question)
        {
            Asked = question;
            return new RunCost(1.25m, [new RunCostItem("Lambda", "1 GB-s", 1.25m)], null);
        }
    }
}
