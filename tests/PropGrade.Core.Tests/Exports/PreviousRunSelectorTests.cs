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

    private static RunRecord Run(string id, int minutes, RunStatus status = RunStatus.Succeeded, string? regradeOf = null, RunRequest? request = null) =>
        ApiFakes.Record(id, T0.AddMinutes(minutes), status) with { RegradeOf = regradeOf, Request = request ?? ApiFakes.SampleRequest };

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
        var previous = await FindAsync(Run("r2", 10), Run("r1", 10), Run("r3", 10));

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
            Run("r9", 90, regradeOf: "r2"),
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

    /// <summary>Results per run: advertiser id = run number (+ 20 for a second agent), tiers A and C.</summary>
    private sealed class ResultsWorkspace : IRunWorkspace
    {
        public Task SaveItemsAsync(string runId, IReadOnlyList<AgentWorkItem> items, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<AgentWorkItem>?> ReadItemsAsync(string runId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task SaveResultsAsync(string runId, string batchKey, IReadOnlyList<AgentResult> results, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task SaveMarketSliceAsync(string runId, MarketSlice slice, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<MarketSlice>> ReadMarketSlicesAsync(string runId, string market, CancellationToken cancellationToken) => throw new NotSupportedException();

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
