using PropGrade.Core.Runs;
using PropGrade.Local.Runs;

namespace PropGrade.Local.Tests.Runs;

public sealed class SqliteRunStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pg-store-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static RunRecord Record(string id, DateTimeOffset created) => new(
        id, RunStatus.Queued, new RunDefaults(new DateOnly(2026, 11, 23), ["07030"]).CreateDefaultRequest(), RunTrigger.Cli,
        created, null, null, RunCounters.Zero, new Dictionary<string, int>(), null, [], new DateOnly(2026, 11, 23), null);

    [Fact]
    public async Task CreateAsync_SameIdTwice_Throws()
    {
        var store = new SqliteRunStore(_dir);
        await store.CreateAsync(Record("r1", DateTimeOffset.UnixEpoch), default);

        await Assert.ThrowsAsync<RunAlreadyExistsException>(() => store.CreateAsync(Record("r1", DateTimeOffset.UnixEpoch), default));
    }

    [Fact]
    public async Task Lifecycle_QueuedRunningFinished_IsReadBack()
    {
        var store = new SqliteRunStore(_dir);
        await store.CreateAsync(Record("r1", DateTimeOffset.UnixEpoch), default);

        Assert.True(await store.TryStartAsync("r1", [RunStatus.Queued], DateTimeOffset.UnixEpoch.AddHours(1), default));
        Assert.False(await store.TryStartAsync("r1", [RunStatus.Queued], DateTimeOffset.UnixEpoch.AddHours(2), default));
        await store.AddCountersAsync("r1", new RunCounters(AgentsDiscovered: 5, ApiCalls: 7), default);
        await store.FinishAsync("r1", new RunOutcome(RunStatus.Partial, DateTimeOffset.UnixEpoch.AddHours(3), new Dictionary<string, int> { ["A"] = 2 }, ["graded.csv"], null), default);

        var record = (await store.GetAsync("r1", default))!;
        Assert.Equal(RunStatus.Partial, record.Status);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddHours(1), record.StartedAt);
        Assert.Equal(5, record.Counters.AgentsDiscovered);
        Assert.Equal(7, record.Counters.ApiCalls);
        Assert.Equal(2, record.TierCounts["A"]);
        Assert.Equal(["graded.csv"], record.Exports);
        Assert.Equal(new DateOnly(2026, 11, 23), record.ApiToday);
    }

    [Fact]
    public async Task TryFinishAsync_RunInAnAllowedStatus_RecordsTheWholeOutcome()
    {
        var store = new SqliteRunStore(_dir);
        await store.CreateAsync(Record("r1", DateTimeOffset.UnixEpoch), default);
        Assert.True(await store.TryStartAsync("r1", [RunStatus.Queued], DateTimeOffset.UnixEpoch.AddHours(1), default));
        var comparison = RunComparison.With("r0", "last month", new DateOnly(2025, 10, 1), new DateOnly(2026, 10, 1));

        Assert.True(await store.TryFinishAsync("r1", new RunOutcome(RunStatus.Failed, DateTimeOffset.UnixEpoch.AddHours(2), new Dictionary<string, int> { ["A"] = 1 }, ["graded.csv"], "boom",
            [new RunWarning(RunWarningCodes.MarketFailed, "m")], comparison), [RunStatus.Queued, RunStatus.Running], default));

        var record = (await store.GetAsync("r1", default))!;
        Assert.Equal(RunStatus.Failed, record.Status);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddHours(2), record.FinishedAt);
        Assert.Equal(1, record.TierCounts["A"]);
        Assert.Equal(["graded.csv"], record.Exports);
        Assert.Equal("boom", record.Error);
        Assert.Equal([new RunWarning(RunWarningCodes.MarketFailed, "m")], record.Warnings);
        Assert.Equal(comparison, record.Comparison);
    }

    [Fact]
    public async Task TryFinishAsync_RunFinishedMissingOrNoStatusAllowed_ChangesNothingAndAnswersFalse()
    {
        var store = new SqliteRunStore(_dir);
        await store.CreateAsync(Record("r1", DateTimeOffset.UnixEpoch), default);
        await store.FinishAsync("r1", new RunOutcome(RunStatus.Succeeded, DateTimeOffset.UnixEpoch.AddHours(1), new Dictionary<string, int> { ["A"] = 2 }, ["graded.csv"], null), default);
        var failed = new RunOutcome(RunStatus.Failed, DateTimeOffset.UnixEpoch.AddHours(2), new Dictionary<string, int>(), [], "late failure");

        Assert.False(await store.TryFinishAsync("r1", failed, [RunStatus.Queued, RunStatus.Running], default));
        Assert.False(await store.TryFinishAsync("r1", failed, [], default));
        Assert.False(await store.TryFinishAsync("missing", failed, [RunStatus.Queued, RunStatus.Running], default));

        var record = (await store.GetAsync("r1", default))!;
        Assert.Equal(RunStatus.Succeeded, record.Status);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddHours(1), record.FinishedAt);
        Assert.Equal(2, record.TierCounts["A"]);
        Assert.Null(record.Error);
        Assert.Null(await store.GetAsync("missing", default));
    }

    [Fact]
    public async Task AddCountersAsync_ManyConcurrentWriters_LosesNothing()
    {
        var store = new SqliteRunStore(_dir);
        await store.CreateAsync(Record("r1", DateTimeOffset.UnixEpoch), default);

        await Parallel.ForEachAsync(Enumerable.Range(0, 200), new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (_, ct) => await new SqliteRunStore(_dir).AddCountersAsync("r1", new RunCounters(AgentsDone: 1, ApiCalls: 3), ct));

        var record = (await store.GetAsync("r1", default))!;
        Assert.Equal(200, record.Counters.AgentsDone);
        Assert.Equal(600, record.Counters.ApiCalls);
    }

    [Fact]
    public async Task ListAsync_ReturnsNewestFirst()
    {
        var store = new SqliteRunStore(_dir);
        await store.CreateAsync(Record("old", DateTimeOffset.UnixEpoch), default);
        await store.CreateAsync(Record("new", DateTimeOffset.UnixEpoch.AddDays(1)), default);

        Assert.Equal(["new", "old"], (await store.ListAsync(10, default)).Select(r => r.RunId));
    }

    [Fact]
    public async Task MarketsWarningsAndRevision_AreStoredAndReadBack()
    {
        var store = new SqliteRunStore(_dir);
        await store.CreateAsync(Record("r1", DateTimeOffset.UnixEpoch) with { ListingApiRevision = RunRecord.CurrentListingApiRevision }, default);
        MarketReport[] markets = [new("07030", 70, 40, true, 30, null), new("90210", null, 0, false, 0, "http_503")];

        await store.RecordMarketsAsync("r1", markets, default);
        var duringRun = (await store.GetAsync("r1", default))!;
        await store.FinishAsync("r1", new RunOutcome(RunStatus.Partial, DateTimeOffset.UnixEpoch.AddHours(1), new Dictionary<string, int>(), [], null,
            [new RunWarning(RunWarningCodes.MarketFailed, "m")]), default);
        var finished = (await store.GetAsync("r1", default))!;
        await store.FinishAsync("r1", new RunOutcome(RunStatus.Failed, DateTimeOffset.UnixEpoch.AddHours(2), new Dictionary<string, int>(), [], "boom"), default);

        Assert.Equal(markets, duringRun.Markets);
        Assert.Null(duringRun.Warnings);
        Assert.Equal(2, finished.ListingApiRevision);
        Assert.Equal([new RunWarning(RunWarningCodes.MarketFailed, "m")], finished.Warnings);
        Assert.Equal(finished.Warnings, (await store.GetAsync("r1", default))!.Warnings);
    }
}
