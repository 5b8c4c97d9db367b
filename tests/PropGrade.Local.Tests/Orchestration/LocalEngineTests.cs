using PropGrade.Core.Exports;
using PropGrade.Core.Listings;
using PropGrade.Core.Runs;
using PropGrade.Local.Orchestration;
using PropGrade.Local.Tests.Fakes;

using PropGrade.Local.Tests.Support;

namespace PropGrade.Local.Tests.Orchestration;

public sealed class LocalEngineTests : IDisposable
{
    private readonly List<string> _dirs = [];

    public void Dispose()
    {
        foreach (var dir in _dirs)
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private LocalEngine Engine(FakeWorldSource source, int breaker = 50)
    {
        var dir = Directory.CreateTempSubdirectory("pg-engine-").FullName;
        _dirs.Add(dir);
        return new LocalEngine(new LocalEngineOptions
        {
            DataDir = dir,
            SourceConnector = source,
            Concurrency = 4,
            BatchSize = 5,
            BreakerThreshold = breaker,
            RawStoreFactory = _ => null,
        });
    }

    private static async Task<string> SubmitDefaultAsync(LocalEngine engine)
    {
        var defaults = await engine.GetDefaultsAsync(default);
        return await engine.SubmitAsync(defaults.CreateDefaultRequest(), RunTrigger.Cli, default);
    }

    private static Task<Dictionary<string, byte[]>> ExportsAsync(LocalEngine engine, string runId) =>
        ExportFiles.ReadAllAsync(engine, runId);

    [Fact]
    public async Task ExecuteAsync_FreshRun_SucceedsWithExportsAndLiveCounters()
    {
        var source = new FakeWorldSource(120);
        await using var engine = Engine(source);
        var runId = await SubmitDefaultAsync(engine);
        Assert.Equal(RunStatus.Queued, (await engine.Runs.GetAsync(runId, default))!.Status);
        var reports = new List<RunProgress>();

        var record = await engine.ExecuteAsync(runId, new SyncProgress(reports.Add), default);

        Assert.Equal(RunStatus.Succeeded, record.Status);
        Assert.Equal(120, record.Counters.AgentsDiscovered);
        Assert.Equal(120, record.Counters.AgentsDone);
        Assert.Equal(source.Calls, record.Counters.ApiCalls);
        Assert.Equal(120, record.TierCounts.Values.Sum());
        Assert.Equal(ExportNames.All, record.Exports);
        Assert.Equal(3, (await engine.Exports.GetLinksAsync(runId, default)).Count);
        Assert.Contains(reports, r => r.Phase == RunPhases.Finished && r.AgentsDone == 120);
        Assert.NotNull(record.StartedAt);
        Assert.NotNull(record.FinishedAt);
    }

    [Fact]
    public async Task ExecuteAsync_KilledMidwayThenResumed_SameExportsAndNoRepeatedCallForSavedAgents()
    {
        var reference = new FakeWorldSource(200);
        await using var referenceEngine = Engine(reference);
        var referenceRun = await SubmitDefaultAsync(referenceEngine);
        await referenceEngine.ExecuteAsync(referenceRun, null, default);

        var source = new FakeWorldSource(200);
        await using var engine = Engine(source);
        var runId = await SubmitDefaultAsync(engine);
        using var kill = new CancellationTokenSource();
        source.BeforeCall = n =>
        {
            if (n == 300)
            {
                kill.Cancel();
            }
        };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.ExecuteAsync(runId, null, kill.Token));
        var killed = (await engine.Runs.GetAsync(runId, default))!;
        Assert.Equal(RunStatus.Running, killed.Status);
        var savedBefore = (await engine.Workspace.ReadResultsAsync(runId, default).ToListAsync()).Select(r => r.AdvertiserId).ToHashSet();
        Assert.NotEmpty(savedBefore);
        Assert.True(savedBefore.Count < 200);
        var profileCallsBefore = new Dictionary<long, int>(source.ProfileCalls);
        source.BeforeCall = _ => { };

        var resumed = await engine.ExecuteAsync(runId, null, default);

        Assert.Equal(RunStatus.Succeeded, resumed.Status);
        foreach (var id in savedBefore)
        {
            Assert.Equal(profileCallsBefore[id], source.ProfileCalls[id]);
        }

        var expected = await ExportsAsync(referenceEngine, referenceRun);
        var actual = await ExportsAsync(engine, runId);
        foreach (var name in ExportNames.All)
        {
            Assert.Equal(expected[name], actual[name]);
        }

        Assert.Equal(200, resumed.Counters.AgentsDone);
    }

    [Fact]
    public async Task ExecuteAsync_EveryAgentFails_BreakerFailsTheRun()
    {
        var source = new FakeWorldSource(100) { FailAgent = _ => new TransientApiException("http_503", "busy") };
        await using var engine = Engine(source, breaker: 10);
        var runId = await SubmitDefaultAsync(engine);

        var record = await engine.ExecuteAsync(runId, null, default);

        Assert.Equal(RunStatus.Failed, record.Status);
        Assert.Contains("breaker", record.Error, StringComparison.OrdinalIgnoreCase);
        Assert.True(source.ProfileCalls.Count < 100);
    }

    [Fact]
    public async Task ExecuteAsync_SomeAgentsFail_RunIsPartialWithReasons()
    {
        var source = new FakeWorldSource(60) { FailAgent = id => id % 10 == 0 ? new TransientApiException("http_503", "busy") : null };
        await using var engine = Engine(source);
        var runId = await SubmitDefaultAsync(engine);

        var record = await engine.ExecuteAsync(runId, null, default);

        Assert.Equal(RunStatus.Partial, record.Status);
        Assert.Equal(6, record.Counters.AgentsIncomplete);
        var results = await engine.Workspace.ReadResultsAsync(runId, default).ToListAsync();
        Assert.All(results.Where(r => r.AdvertiserId % 10 == 0), r => Assert.Equal(("http_503", false), (r.StopReason, r.Complete)));
    }

    [Fact]
    public async Task ExecuteAsync_BadKey_FailsRunWithClearMessage()
    {
        var source = new FakeWorldSource(30) { FailAgent = _ => new ApiAuthException("http_401", "Invalid API key.") };
        await using var engine = Engine(source);
        var runId = await SubmitDefaultAsync(engine);

        var record = await engine.ExecuteAsync(runId, null, default);

        Assert.Equal(RunStatus.Failed, record.Status);
        Assert.Contains("Invalid API key", record.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitAsync_InvalidRequest_ThrowsAndStoresNothing()
    {
        await using var engine = Engine(new FakeWorldSource(5));
        var defaults = await engine.GetDefaultsAsync(default);
        var bad = defaults.CreateDefaultRequest() with { MaxPages = 0, SelectedTiers = ["Z"] };

        var ex = await Assert.ThrowsAsync<RunRequestInvalidException>(() => engine.SubmitAsync(bad, RunTrigger.Api, default));

        Assert.Equal(["selectedTiers[0]", "maxPages"], ex.Errors.Select(e => e.Field));
        Assert.Empty(await engine.Runs.ListAsync(10, default));
    }

    [Fact]
    public async Task ExecuteAsync_SecondRunSameMarkets_FillsMovement()
    {
        var source = new FakeWorldSource(40);
        await using var engine = Engine(source);
        var first = await SubmitDefaultAsync(engine);
        await engine.ExecuteAsync(first, null, default);
        await Task.Delay(10);
        var second = await SubmitDefaultAsync(engine);

        await engine.ExecuteAsync(second, null, default);

        await using var stream = (await engine.Exports.OpenReadAsync(second, ExportNames.GradedCsv, default))!;
        var lines = (await new StreamReader(stream).ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.Contains(",same,", l, StringComparison.Ordinal));
    }

    private sealed class SyncProgress(Action<RunProgress> report) : IProgress<RunProgress>
    {
        public void Report(RunProgress value) => report(value);
    }
}
