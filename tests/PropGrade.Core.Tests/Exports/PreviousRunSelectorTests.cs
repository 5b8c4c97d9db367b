using System.Runtime.CompilerServices;
using PropGrade.Core.Exports;
using PropGrade.Core.Grading;
using PropGrade.Core.Runs;
using PropGrade.Core.Stages;
using PropGrade.Core.Tests.Api;

namespace PropGrade.Core.Tests.Exports;

public sealed class PreviousRunSelectorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly DateOnly Day0 = new(2026, 1, 1);

    /// <summary>A run created <paramref name="minutes"/> after T0 whose 12-month window ends <paramref name="asOfDay"/> days after Day0 (default: as many days as minutes).</summary>
    private static RunRecord Run(string id, int minutes, RunStatus status = RunStatus.Succeeded, string? regradeOf = null, RunRequest? request = null, int? asOfDay = null)
    {
        var asOf = Day0.AddDays(asOfDay ?? minutes);
        var baseRequest = request ?? ApiFakes.SampleRequest;
        var windowed = baseRequest.RollingMonths is null ? baseRequest with { AsOf = asOf, SoldSince = asOf.AddMonths(-12) } : baseRequest;
        return ApiFakes.Record(id, T0.AddMinutes(minutes), status) with { RegradeOf = regradeOf, Request = windowed, ApiToday = asOf };
    }

    private static AgentResult Result(long id, string tier) =>
        new(id.ToString(System.Globalization.CultureInfo.InvariantCulture), $"Agent {id}", "Office", "07030", tier, "B", 1m, 1m, 0m, 0m, true, false, StopReasons.TierSettled, 1, 1);

    private static async Task<PreviousRun?> FindAsync(RunRecord current, params RunRecord[] others)
    {
        var store = new InMemoryRunStore();
        store.Add(current);
        foreach (var r in others)
        {
            store.Add(r);
        }

        return await PreviousRunSelector.FindAsync(store, new ResultsWorkspace(), current, CancellationToken.None);
    }

    [Fact]
    public async Task FindAsync_SeveralEarlierRuns_PicksNewestFinishedAndReadsItsTiers()
    {
        var previous = await FindAsync(
            Run("r4", 40, RunStatus.Running),
            Run("r1", 10),
            Run("r2", 20, RunStatus.Partial),
            Run("r3", 30, RunStatus.Failed),
            Run("r5", 50));

        Assert.NotNull(previous);
        Assert.Equal("r2", previous.RunId);
        Assert.Equal("A", previous.Tiers["2"]);
        Assert.Equal("C", previous.Tiers["22"]);
    }

    [Fact]
    public async Task FindAsync_NoEarlierRun_ReturnsNull()
    {
        Assert.Null(await FindAsync(Run("r1", 10), Run("r2", 20), Run("r0", 0, RunStatus.Failed)));
    }

    [Fact]
    public async Task FindAsync_SameCreatedAt_UsesOrdinalRunIdAsTieBreak()
    {
        var previous = await FindAsync(Run("r2", 10), Run("r1", 10, asOfDay: 5), Run("r3", 10, asOfDay: 5));

        Assert.Equal("r1", previous?.RunId);
    }

    [Fact]
    public async Task FindAsync_DifferentMarketsOrRoster_AreNotCompared()
    {
        var otherMarkets = ApiFakes.SampleRequest with { Markets = ["07030"] };
        var sameMarketsReordered = ApiFakes.SampleRequest with { Markets = ["90210", "07030"] };
        var roster = ApiFakes.SampleRequest with { Markets = null, Roster = [new("1", "n1"), new("2", "n2")] };

        Assert.Equal("r2", (await FindAsync(Run("r3", 30), Run("r1", 10, request: otherMarkets), Run("r2", 20, request: sameMarketsReordered)))?.RunId);
        Assert.Null(await FindAsync(Run("r3", 30), Run("r2", 20, request: roster)));
        Assert.Equal("r1", (await FindAsync(Run("r3", 30, request: roster with { Roster = [new("2", "n2"), new("1", "n1")] }), Run("r1", 10, request: roster), Run("r2", 20)))?.RunId);
    }

    [Fact]
    public async Task FindAsync_Regrade_ComparesWithWhatItsSourceComparedWith()
    {
        // r2 is the source; r9 (a later regrade of r2) must compare with r1, not with r2 nor the later r3.
        var previous = await FindAsync(
            Run("r9", 90, regradeOf: "r2", asOfDay: 20),
            Run("r1", 10, RunStatus.Partial),
            Run("r2", 20),
            Run("r3", 30));

        Assert.Equal("r1", previous?.RunId);
    }

    [Fact]
    public async Task FindAsync_EarlierRegrade_IsNeverABaseline()
    {
        var previous = await FindAsync(Run("r3", 30), Run("r1", 10), Run("r2", 20, regradeOf: "r1"));

        Assert.Equal("r1", previous?.RunId);
    }

    [Fact]
    public async Task FindAsync_Comparable_CarriesNameWindowAndTheAgentsOfItsSelectedTiers()
    {
        var named = ApiFakes.SampleRequest with { Name = "Q3 Texas", SelectedTiers = ["A"] };

        var previous = await FindAsync(Run("r3", 30, request: ApiFakes.SampleRequest with { SelectedTiers = ["A"] }), Run("r1", 10, request: named));

        Assert.NotNull(previous);
        Assert.Equal(("r1", "Q3 Texas"), (previous.RunId, previous.Name));
        Assert.Equal((Day0.AddDays(10).AddMonths(-12), Day0.AddDays(10)), (previous.SoldSince!.Value, previous.AsOf!.Value));
        Assert.Equal(["1"], previous.Selected.Select(r => r.AdvertiserId));
        Assert.Equal("C", previous.Tiers["21"]);
    }

    public static TheoryData<string> Definitions => ["tiers", "thresholds", "tierOrder", "selected", "undisclosed", "includeActive", "window24", "sameWindow", "laterWindow", "markets"];

    [Theory]
    [MemberData(nameof(Definitions))]
    public async Task FindAsync_EarlierRunWithAnotherDefinitionOrWindow_IsNotCompared(string change)
    {
        var request = ApiFakes.SampleRequest;
        var earlier = change switch
        {
            "tiers" => Run("r1", 10, request: request with { Tiers = [new("A", 40_000_000m, null), new("B", 16_000_000m, 40m)], SelectedTiers = ["A", "B"] }),
            "thresholds" => Run("r1", 10, request: request with { Tiers = [new("A", 40_000_000m, null), new("B", 16_000_000m, 40m), new("C", 5_000_000m, 10m)] }),
            "tierOrder" => Run("r1", 10, request: request with { Tiers = [new("A", 40_000_000m, null), new("C", 16_000_000m, 40m), new("B", 5_000_000m, 12m)] }),
            "selected" => Run("r1", 10, request: request with { SelectedTiers = ["A", "B"] }),
            "undisclosed" => Run("r1", 10, request: request with { UndisclosedPrice = UndisclosedPrice.Exclude }),
            "includeActive" => Run("r1", 10, request: request with { IncludeActive = true }),
            "window24" => Run("r1", 10) is var r ? r with { Request = r.Request with { SoldSince = r.Request.AsOf.AddMonths(-24) } } : null!,
            "sameWindow" => Run("r1", 10, asOfDay: 30),
            "laterWindow" => Run("r1", 10, asOfDay: 31),
            "markets" => Run("r1", 10, request: request with { Markets = ["07030"] }),
            _ => throw new ArgumentOutOfRangeException(nameof(change)),
        };

        Assert.Null(await FindAsync(Run("r3", 30), earlier));
    }

    [Fact]
    public async Task FindAsync_SeveralComparable_PicksTheLatestWindowNotTheNewestCreated()
    {
        var previous = await FindAsync(Run("r9", 90), Run("r1", 10, asOfDay: 60), Run("r2", 20, asOfDay: 40));

        Assert.Equal("r1", previous?.RunId);
    }

    [Fact]
    public async Task FindAsync_RollingRuns_CompareWindowsResolvedAtEachRunsApiToday()
    {
        var rolling = ApiFakes.SampleRequest with { RollingMonths = 12 };

        var previous = await FindAsync(Run("r2", 20, request: rolling, asOfDay: 100), Run("r1", 10, request: rolling, asOfDay: 10));
        var sameDay = await FindAsync(Run("r2", 20, request: rolling, asOfDay: 10), Run("r1", 10, request: rolling, asOfDay: 10));

        Assert.Equal("r1", previous?.RunId);
        Assert.Null(sameDay);
    }

    [Fact]
    public void Comparable_LeapYearTwelveMonths_StillCompares()
    {
        var leap = Run("r1", 10) with { Request = ApiFakes.SampleRequest with { SoldSince = new(2023, 3, 1), AsOf = new(2024, 3, 1) } };
        var plain = Run("r2", 20) with { Request = ApiFakes.SampleRequest with { SoldSince = new(2024, 3, 1), AsOf = new(2025, 3, 1) } };

        Assert.True(PreviousRunSelector.Comparable(leap, plain));
        Assert.False(PreviousRunSelector.Comparable(plain, leap));
    }

    /// <summary>Results per run: advertiser id = run number (+ 20 for a second agent), tiers A and C.</summary>
    private sealed class ResultsWorkspace : IRunWorkspace
    {
        public Task<int> SaveItemsAsync(string runId, IAsyncEnumerable<AgentWorkItem> items, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<int?> CountItemsAsync(string runId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public IAsyncEnumerable<AgentWorkItem> ReadItemsAsync(string runId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task SaveResultsAsync(string runId, string batchKey, IReadOnlyList<AgentResult> results, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task SaveMarketSliceAsync(string runId, MarketSlice slice, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<MarketSlice>> ReadMarketSlicesAsync(string runId, string market, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<MarketSlice?> ReadLastMarketSliceAsync(string runId, string market, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task SaveBatchProgressAsync(string runId, BatchProgress progress, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<BatchProgress?> ReadBatchProgressAsync(string runId, string batchKey, CancellationToken cancellationToken) => throw new NotSupportedException();

        public async IAsyncEnumerable<AgentResult> ReadResultsAsync(string runId, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            var n = long.Parse(runId.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);
            yield return Result(n, "A");
            yield return Result(n + 20, "C");
        }
    }
}
