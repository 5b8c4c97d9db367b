using PropGrade.Core.Exports;
using PropGrade.Core.Grading;
using PropGrade.Core.Runs;
using PropGrade.Local.Orchestration;
using PropGrade.Simulator;

using PropGrade.Local.Tests.Support;

namespace PropGrade.Local.Tests.Integration;

/// <summary>Kill and resume, and regrade from the raw store, against the real simulator over HTTP with raw capture.</summary>
[Trait("Category", "Integration")]
public sealed class ResumeAndRegradeTests : IDisposable
{
    private static readonly DateOnly Today = new(2026, 11, 23);
    private readonly List<string> _dirs = [];

    public void Dispose()
    {
        foreach (var dir in _dirs)
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private LocalEngine NewEngine(int agents = 1_000)
    {
        var dir = Directory.CreateTempSubdirectory("pg-resume-").FullName;
        _dirs.Add(dir);
        return new LocalEngine(new LocalEngineOptions
        {
            DataDir = dir,
            Simulator = new SimulatorOptions { Agents = agents, Today = Today },
            Concurrency = 8,
            BatchSize = 10,
        });
    }

    private static Task<Dictionary<string, byte[]>> ExportsAsync(LocalEngine engine, string runId) =>
        ExportFiles.ReadAllAsync(engine, runId);

    [Fact]
    public async Task ExecuteAsync_KilledAndResumed_SameExportsAndNoRepeatedCallForFinishedAgents()
    {
        await using var reference = NewEngine();
        var referenceRun = await reference.SubmitAsync((await reference.GetDefaultsAsync(default)).CreateDefaultRequest(), RunTrigger.Cli, default);
        var referenceRecord = await reference.ExecuteAsync(referenceRun, null, default);

        await using var engine = NewEngine();
        var runId = await engine.SubmitAsync((await engine.GetDefaultsAsync(default)).CreateDefaultRequest(), RunTrigger.Cli, default);
        using var kill = new CancellationTokenSource();
        var progress = new KillAt(400, kill);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.ExecuteAsync(runId, progress, kill.Token));
        var finishedBeforeKill = (await engine.Workspace.ReadResultsAsync(runId, default).ToListAsync()).Select(r => r.AdvertiserId).ToList();
        Assert.InRange(finishedBeforeKill.Count, 1, 999);

        var resumed = await engine.ExecuteAsync(runId, null, default);

        Assert.Equal(referenceRecord.Status, resumed.Status);
        var requests = await SimOracle.RequestsAsync(engine.Simulator!.BaseAddress);
        Assert.DoesNotContain(requests, r => r.StartsWith("/agents/get-profile", StringComparison.Ordinal));
        foreach (var id in finishedBeforeKill)
        {
            // An agent finished before the kill asked for each of its pages once, and nothing after the resume.
            var mine = requests.Where(r => r.Contains($"fulfillment_id={id}&", StringComparison.Ordinal)).ToList();
            Assert.Equal(mine.Count, mine.Distinct(StringComparer.Ordinal).Count());
        }

        var expected = await ExportsAsync(reference, referenceRun);
        var actual = await ExportsAsync(engine, runId);
        foreach (var name in ExportNames.All)
        {
            Assert.True(expected[name].AsSpan().SequenceEqual(actual[name]), $"{name} differs from the uninterrupted run");
        }
    }

    [Fact]
    public async Task ExecuteAsync_DiscoverySlicesCappedAtOnePage_SameItemsExportsAndCallsAsUncappedSlices()
    {
        await using var reference = NewEngine(1_000);
        var referenceRun = await reference.SubmitAsync((await reference.GetDefaultsAsync(default)).CreateDefaultRequest(), RunTrigger.Cli, default);
        var referenceRecord = await reference.ExecuteAsync(referenceRun, null, default);

        var dir = Directory.CreateTempSubdirectory("pg-slices-").FullName;
        _dirs.Add(dir);
        await using var engine = new LocalEngine(new LocalEngineOptions
        {
            DataDir = dir,
            Simulator = new SimulatorOptions { Agents = 1_000, Today = Today },
            Concurrency = 8,
            BatchSize = 10,
            DiscoveryPagesPerSlice = 1,
        });
        var runId = await engine.SubmitAsync((await engine.GetDefaultsAsync(default)).CreateDefaultRequest(), RunTrigger.Cli, default);
        var record = await engine.ExecuteAsync(runId, null, default);

        // Every market was read in slices of at most one page, and markets of several pages in several slices.
        var sliceCounts = new List<int>();
        foreach (var market in record.Request.Markets!)
        {
            var slices = await engine.Workspace.ReadMarketSlicesAsync(runId, market, default);
            Assert.All(slices, s => Assert.InRange(s.Pages.Count, 0, 1));
            Assert.True(slices[^1].Done);
            sliceCounts.Add(slices.Count);
        }

        Assert.Contains(sliceCounts, n => n > 1);
        Assert.Equal(referenceRecord.Counters.ApiCalls, record.Counters.ApiCalls);
        Assert.Equal(
            (await reference.Workspace.ReadItemsAsync(referenceRun, default).ToListAsync()).Select(i => i.AdvertiserId),
            (await engine.Workspace.ReadItemsAsync(runId, default).ToListAsync()).Select(i => i.AdvertiserId));
        var expected = await ExportsAsync(reference, referenceRun);
        var actual = await ExportsAsync(engine, runId);
        foreach (var name in ExportNames.All)
        {
            Assert.True(expected[name].AsSpan().SequenceEqual(actual[name]), $"{name} differs from the run with uncapped slices");
        }
    }

    [Fact]
    public async Task CompleteDiscoveryAsync_RepeatedAfterTheRun_CountsTheSavedItemsAndDuplicatesNothing()
    {
        await using var engine = NewEngine(300);
        var runId = await engine.SubmitAsync((await engine.GetDefaultsAsync(default)).CreateDefaultRequest(), RunTrigger.Cli, default);
        var record = await engine.ExecuteAsync(runId, null, default);
        var before = await engine.Workspace.ReadItemsAsync(runId, default).ToListAsync();
        var lifecycle = new RunLifecycle(engine.Runs, engine.Workspace, engine.FileExports, NoRunGuard.Instance, TimeProvider.System, new RunLifecycleOptions(), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

        var again = await lifecycle.CompleteDiscoveryAsync(runId, makesApiCalls: true, default);

        Assert.InRange(before.Count, 250, 300);
        Assert.Equal(before.Count, again.ItemCount);
        Assert.Equal(record.Counters.AgentsDiscovered, again.ItemCount);
        Assert.Equal(before.Select(i => i.AdvertiserId), (await engine.Workspace.ReadItemsAsync(runId, default).ToListAsync()).Select(i => i.AdvertiserId));
        Assert.Equal(record.Counters, (await engine.Runs.GetAsync(runId, default))!.Counters);
        Assert.Equal(record.Markets!, again.Markets);
    }

    [Fact]
    public async Task ExecuteRegrade_UnchangedParameters_ReproducesExportsWithZeroCalls()
    {
        await using var engine = NewEngine(600);
        var request = (await engine.GetDefaultsAsync(default)).CreateDefaultRequest();
        var original = await engine.SubmitAsync(request, RunTrigger.Cli, default);
        await engine.ExecuteAsync(original, null, default);
        var callsBefore = await SimOracle.TotalRequestsAsync(engine.Simulator!.BaseAddress);

        var regradeId = await engine.SubmitRegradeAsync(original, request, RunTrigger.Cli, default);
        var regrade = await engine.ExecuteAsync(regradeId, null, default);

        Assert.Equal(callsBefore, await SimOracle.TotalRequestsAsync(engine.Simulator!.BaseAddress));
        Assert.Equal((await engine.Runs.GetAsync(original, default))!.Status, regrade.Status);
        Assert.Equal(original, regrade.RegradeOf);
        Assert.Equal(0, regrade.Counters.ApiCalls);
        var expected = await ExportsAsync(engine, original);
        var actual = await ExportsAsync(engine, regradeId);
        foreach (var name in ExportNames.All)
        {
            Assert.True(expected[name].AsSpan().SequenceEqual(actual[name]), $"{name} differs after regrade");
        }
    }

    [Fact]
    public async Task ExecuteRegrade_WiderWindow_MarksAgentsWithoutDataInsteadOfUndercounting()
    {
        await using var engine = NewEngine(400);
        var request = (await engine.GetDefaultsAsync(default)).CreateDefaultRequest();
        var original = await engine.SubmitAsync(request, RunTrigger.Cli, default);
        await engine.ExecuteAsync(original, null, default);
        var wider = request with { SoldSince = Today.AddMonths(-24) };

        var regradeId = await engine.SubmitRegradeAsync(original, wider, RunTrigger.Cli, default);
        var regrade = await engine.ExecuteAsync(regradeId, null, default);

        var results = await engine.Workspace.ReadResultsAsync(regradeId, default).ToListAsync();
        var truth = await SimOracle.TruthAsync(engine.Simulator!.BaseAddress, GradingPlan.From(wider, Today));
        Assert.Contains(results, r => r.StopReason == StopReasons.NoRawData);
        Assert.Equal(RunStatus.Partial, regrade.Status);
        Assert.All(results.Where(r => r.Complete), r => Assert.Equal(truth[r.AdvertiserId].Tier, r.Tier));
        // Incomplete only for want of raw data, or (as in the original run) for want of an MLS id to page with.
        Assert.All(results.Where(r => !r.Complete), r => Assert.Contains(r.StopReason, new[] { StopReasons.NoRawData, StopReasons.NoMlsId }));
        Assert.All(results.Where(r => r.StopReason == StopReasons.NoMlsId), r => Assert.Equal(StopReasons.NoMlsId, truth[r.AdvertiserId].StopReason));
    }

    private sealed class KillAt(int agents, CancellationTokenSource kill) : IProgress<RunProgress>
    {
        public void Report(RunProgress value)
        {
            if (value.AgentsDone >= agents)
            {
                kill.Cancel();
            }
        }
    }
}
