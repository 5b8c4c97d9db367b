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
        Assert.Equal(ExportNames.All.Count, (await engine.Exports.GetLinksAsync(runId, default)).Count);
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
        var callsBefore = new Dictionary<string, int>(source.AgentCalls);
        source.BeforeCall = _ => { };

        var resumed = await engine.ExecuteAsync(runId, null, default);

        Assert.Equal(RunStatus.Succeeded, resumed.Status);
        foreach (var id in savedBefore)
        {
            Assert.Equal(callsBefore.GetValueOrDefault(id), source.AgentCalls.GetValueOrDefault(id));
        }

        Assert.Empty(source.ProfileCalls);

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
        Assert.True(source.AgentCalls.Count < 100);
    }

    [Fact]
    public async Task ExecuteAsync_SomeAgentsFail_RunIsPartialWithReasons()
    {
        var source = new FakeWorldSource(60) { FailAgent = id => id % 10 == 0 ? new TransientApiException("http_503", "busy") : null };
        await using var engine = Engine(source);
        var runId = await SubmitDefaultAsync(engine);

        var record = await engine.ExecuteAsync(runId, null, default);

        Assert.Equal(RunStatus.Partial, record.Status);
        var results = await engine.Workspace.ReadResultsAsync(runId, default).ToListAsync();
        // Agents the profile bound skips make no call, so only the others can fail.
        var failing = results.Where(r => int.Parse(r.AdvertiserId, System.Globalization.CultureInfo.InvariantCulture) % 10 == 0 && !r.Skipped).ToList();
        Assert.NotEmpty(failing);
        Assert.Equal(failing.Count, record.Counters.AgentsIncomplete);
        Assert.All(failing, r => Assert.Equal(("http_503", false), (r.StopReason, r.Complete)));
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
    public async Task ExecuteAsync_SecondRunSameMarketsLaterWindow_FillsMovement()
    {
        var source = new FakeWorldSource(40);
        await using var engine = Engine(source);
        var defaults = (await engine.GetDefaultsAsync(default)).CreateDefaultRequest();
        var first = await engine.SubmitAsync(defaults with { SoldSince = defaults.SoldSince.AddMonths(-3), AsOf = defaults.AsOf.AddMonths(-3) }, RunTrigger.Cli, default);
        await engine.ExecuteAsync(first, null, default);
        await Task.Delay(10);
        var second = await SubmitDefaultAsync(engine);

        var record = await engine.ExecuteAsync(second, null, default);

        await using var stream = (await engine.Exports.OpenReadAsync(second, ExportNames.GradedCsv, default))!;
        var lines = (await new StreamReader(stream).ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.Matches(",(new|up|down|same),", l));
        Assert.Equal(first, record.Comparison?.PreviousRunId);
    }

    [Fact]
    public async Task ExecuteAsync_SecondRunSameWindow_IsNotComparedAndSaysSo()
    {
        var source = new FakeWorldSource(40);
        await using var engine = Engine(source);
        var first = await SubmitDefaultAsync(engine);
        await engine.ExecuteAsync(first, null, default);
        await Task.Delay(10);
        var second = await SubmitDefaultAsync(engine);

        var record = await engine.ExecuteAsync(second, null, default);

        Assert.Null(record.Comparison!.PreviousRunId);
        Assert.StartsWith("No comparable previous run", record.Comparison.Description, StringComparison.Ordinal);
        await using var stream = (await engine.Exports.OpenReadAsync(second, ExportNames.GradedCsv, default))!;
        var lines = (await new StreamReader(stream).ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.All(lines, l => Assert.DoesNotMatch(",(new|up|down|same),", l));
    }

    [Fact]
    public async Task ExecuteAsync_DiscoveredAgents_MakeNoProfileCallAndKeepTheirContact()
    {
        var source = new FakeWorldSource(40);
        await using var engine = Engine(source);
        var runId = await SubmitDefaultAsync(engine);

        var record = await engine.ExecuteAsync(runId, null, default);

        Assert.Empty(source.ProfileCalls);
        Assert.Equal(40, record.Counters.AgentsProfiled);
        Assert.Equal(2, record.Markets!.Count);
        Assert.All(record.Markets, m => Assert.Equal((20, false, null), (m.AgentsFound, m.Truncated, m.Failed)));
        var results = await engine.Workspace.ReadResultsAsync(runId, default).ToListAsync();
        Assert.All(results, r => Assert.Equal("nrds" + r.AdvertiserId, r.Contact!.NrdsId));
    }

    [Fact]
    public async Task ExecuteAsync_ProfileCallPerAgentStrategy_CallsGetProfileForEveryAgentWithTheSameGrades()
    {
        var plain = new FakeWorldSource(30);
        await using var plainEngine = Engine(plain);
        var plainRun = await SubmitDefaultAsync(plainEngine);
        await plainEngine.ExecuteAsync(plainRun, null, default);
        var revision1 = new FakeWorldSource(30);
        var dir = Directory.CreateTempSubdirectory("pg-engine-").FullName;
        _dirs.Add(dir);
        await using var engine = new LocalEngine(new LocalEngineOptions { DataDir = dir, SourceConnector = revision1, RawStoreFactory = _ => null, ProfileCallPerAgent = true });
        var runId = await SubmitDefaultAsync(engine);

        await engine.ExecuteAsync(runId, null, default);

        Assert.Equal(30, revision1.ProfileCalls.Count);
        Assert.Equal(plain.Calls + 30, revision1.Calls);
        Assert.Equal((await ExportsAsync(plainEngine, plainRun))[ExportNames.GradedCsv], (await ExportsAsync(engine, runId))[ExportNames.GradedCsv]);
    }

    [Fact]
    public async Task ExecuteAsync_Roster_CallsGetProfileWithEachRowsNrdsId()
    {
        var source = new FakeWorldSource(20);
        await using var engine = Engine(source);
        var defaults = await engine.GetDefaultsAsync(default);
        var request = defaults.CreateDefaultRequest() with { Markets = null, Roster = [new("3", "nrds3"), new("4", "nrds4"), new("5", "wrong")] };
        var runId = await engine.SubmitAsync(request, RunTrigger.Cli, default);

        var record = await engine.ExecuteAsync(runId, null, default);

        Assert.Equal(["3", "4", "5"], source.ProfileCalls.Keys.Order(StringComparer.Ordinal));
        var results = (await engine.Workspace.ReadResultsAsync(runId, default).ToListAsync()).ToDictionary(r => r.AdvertiserId);
        Assert.Equal(("http_404", false), (results["5"].StopReason, results["5"].Complete));
        Assert.True(results["3"].Profiled);
        Assert.Equal(RunStatus.Partial, record.Status);
        Assert.Null(record.Markets);
    }

    [Fact]
    public async Task ExecuteAsync_MarketFailsAfterRetries_RunIsPartialNamingItAndTheOtherMarketIsGraded()
    {
        var source = new FakeWorldSource(40) { FailMarket = (market, _) => market == "90210" ? new TransientApiException("http_503", "busy") : null };
        await using var engine = Engine(source);
        var runId = await SubmitDefaultAsync(engine);

        var record = await engine.ExecuteAsync(runId, null, default);

        Assert.Equal(RunStatus.Partial, record.Status);
        Assert.Equal(20, record.Counters.AgentsDone);
        var failed = Assert.Single(record.Markets!, m => m.Failed is not null);
        Assert.Equal(("90210", "http_503"), (failed.PostalCode, failed.Failed));
        var warning = Assert.Single(record.Warnings!);
        Assert.Equal(RunWarningCodes.MarketFailed, warning.Code);
        Assert.Contains("90210", warning.Message, StringComparison.Ordinal);
        Assert.Null(record.Error);
    }

    [Fact]
    public async Task ExecuteAsync_EndpointMissing_FailsTheRunWithTheReason()
    {
        var source = new FakeWorldSource(10) { FailMarket = (_, _) => new EndpointMissingException("Endpoint '/agents/list' does not exist") };
        await using var engine = Engine(source);
        var runId = await SubmitDefaultAsync(engine);

        var record = await engine.ExecuteAsync(runId, null, default);

        Assert.Equal(RunStatus.Failed, record.Status);
        Assert.StartsWith("EndpointMissingException (endpoint_missing)", record.Error, StringComparison.Ordinal);
    }

    private sealed class SyncProgress(Action<RunProgress> report) : IProgress<RunProgress>
    {
        public void Report(RunProgress value) => report(value);
    }
}
