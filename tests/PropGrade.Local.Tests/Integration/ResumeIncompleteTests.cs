using System.Text.Json;
using PropGrade.Core.Exports;
using PropGrade.Core.Grading;
using PropGrade.Core.Runs;
using PropGrade.Local.Tests.Support;
using PropGrade.Simulator;
using Xunit.Abstractions;

namespace PropGrade.Local.Tests.Integration;

/// <summary>
/// A run made PARTIAL by API faults, resumed against a healthy simulator: the agents the API failed are graded again
/// from their stored pages first, asking only the pages not stored successfully; <c>no_mls_id</c> agents are left as
/// they were. Real loopback simulators, one per execution (the same world), raw capture on.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ResumeIncompleteTests(ITestOutputHelper output) : IDisposable
{
    private const int Agents = 1_000;
    private static readonly DateOnly Today = new(2026, 11, 23);
    private readonly List<string> _dirs = [];

    public void Dispose()
    {
        foreach (var dir in _dirs)
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private string NewDir()
    {
        var dir = Directory.CreateTempSubdirectory("pg-resume-incomplete-").FullName;
        _dirs.Add(dir);
        return dir;
    }

    /// <summary>An engine over <paramref name="dir"/>; with <paramref name="emptyPages"/>, get-listings pages come back empty that often (the client retries once).</summary>
    private static LocalEngine NewEngine(string dir, double emptyPages, int breakerThreshold = 0) => new(new LocalEngineOptions
    {
        DataDir = dir,
        Simulator = new SimulatorOptions { Agents = Agents, Today = Today, Faults = FaultRates.None with { EmptyPage = emptyPages } },
        Concurrency = 8,
        BatchSize = 10,
        BreakerThreshold = breakerThreshold,
        ConfigureClient = c =>
        {
            c.BaseDelay = TimeSpan.FromMilliseconds(1);
            c.MaxDelay = TimeSpan.FromMilliseconds(5);
            c.MaxRetryAttempts = 1;
        },
    });

    [Fact]
    public async Task ExecuteAsync_PartialRunResumedAgainstHealthyApi_RegradesFailedAgentsAskingOnlyMissingPages()
    {
        // The reference: the same world without faults.
        RunRecord referenceRecord;
        List<AgentResult> referenceResults;
        Dictionary<string, byte[]> referenceExports;
        Dictionary<string, TruthAgent> truth;
        GradingPlan plan;
        var referenceDir = NewDir();
        await using (var reference = NewEngine(referenceDir, 0))
        {
            var request = (await reference.GetDefaultsAsync(default)).CreateDefaultRequest();
            var id = await reference.SubmitAsync(request, RunTrigger.Cli, default);
            referenceRecord = await reference.ExecuteAsync(id, null, default);
            referenceResults = await reference.Workspace.ReadResultsAsync(id, default).ToListAsync();
            referenceExports = await ExportFiles.ReadAllAsync(reference, id);
            plan = GradingPlan.From(request, Today);
            truth = await SimOracle.TruthAsync(reference.Simulator!.BaseAddress, plan);
        }

        // A run the API fails often: PARTIAL, with agents incomplete for empty_page.
        var dir = NewDir();
        string runId;
        RunRecord partial;
        List<AgentResult> before;
        List<Served> servedBefore;
        await using (var faulty = NewEngine(dir, 0.35))
        {
            runId = await faulty.SubmitAsync((await faulty.GetDefaultsAsync(default)).CreateDefaultRequest(), RunTrigger.Cli, default);
            partial = await faulty.ExecuteAsync(runId, null, default);
            before = await faulty.Workspace.ReadResultsAsync(runId, default).ToListAsync();
            servedBefore = await ServedAsync(faulty.Simulator!.BaseAddress);
        }

        Assert.Equal(RunStatus.Partial, partial.Status);
        var failed = before.Where(IncompleteAgentRetry.ShouldRegrade).ToList();
        Assert.NotEmpty(failed);
        Assert.All(failed, r => Assert.Equal("empty_page", r.StopReason));
        Assert.Contains(failed, r => plan.SelectedTiers.Contains(truth[r.AdvertiserId].Tier));
        var noMls = before.Where(r => r.StopReason == StopReasons.NoMlsId).ToList();
        Assert.NotEmpty(noMls);

        // Resumed against a healthy simulator (another engine, the same data directory).
        RunRecord resumed;
        List<AgentResult> after;
        List<Served> servedAfter;
        Dictionary<string, byte[]> exports;
        await using (var healthy = NewEngine(dir, 0))
        {
            resumed = await healthy.ExecuteAsync(runId, null, default);
            after = await healthy.Workspace.ReadResultsAsync(runId, default).ToListAsync();
            servedAfter = await ServedAsync(healthy.Simulator!.BaseAddress);
            exports = await ExportFiles.ReadAllAsync(healthy, runId);
        }

        // Every agent the API failed ends as the fault-free run graded it, in its true tier.
        Assert.Equal(referenceRecord.Status, resumed.Status);
        var resultsById = after.ToDictionary(r => r.AdvertiserId, StringComparer.Ordinal);
        foreach (var agent in failed)
        {
            var now = resultsById[agent.AdvertiserId];
            Assert.True(now.Complete == truth[agent.AdvertiserId].Complete, $"{agent.AdvertiserId}: {now.StopReason} vs {truth[agent.AdvertiserId].StopReason}");
            Assert.Equal(truth[agent.AdvertiserId].Tier, now.Tier);
        }

        Assert.Equal(referenceResults.Select(Json), after.Select(Json));
        Assert.All(after.Where(r => !r.Complete), r => Assert.False(IncompleteAgentRetry.ShouldRegrade(r)));

        // The resume asked only listing pages, only for the failed agents, and only pages not answered successfully before.
        Assert.NotEmpty(servedAfter);
        Assert.All(servedAfter, s => Assert.StartsWith("/agents/get-listings?", s.Request, StringComparison.Ordinal));
        var failedIds = failed.Select(r => r.AdvertiserId).ToHashSet(StringComparer.Ordinal);
        Assert.All(servedAfter, s => Assert.Contains(FulfillmentId(s.Request), failedIds));
        var answered = servedBefore.Concat(servedAfter).Where(s => s.Ok).Select(s => s.Request).ToList();
        var twice = answered.GroupBy(r => r, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(twice.Count == 0, "served successfully twice: " + string.Join(", ", twice.Take(5)));

        // no_mls_id agents are not asked for again and stay as they were.
        foreach (var agent in noMls)
        {
            Assert.DoesNotContain(servedAfter, s => FulfillmentId(s.Request) == agent.AdvertiserId);
            Assert.Equal(Json(agent), Json(resultsById[agent.AdvertiserId]));
        }

        output.WriteLine($"faulty run: {partial.Status}, {failed.Count} agents failed by the API ({failed.Count(r => plan.SelectedTiers.Contains(truth[r.AdvertiserId].Tier))} truly in a selected tier), "
            + $"{noMls.Count} no_mls_id, {partial.Counters.ApiCalls} calls; resume: {resumed.Status}, {servedAfter.Count} requests, {resumed.Counters.ApiCalls} calls in all; fault-free run: {referenceRecord.Status}, {referenceRecord.Counters.ApiCalls} calls");

        // Counters: agents counted once, every request made counted once (the resume's requests added to the run's).
        Assert.Equal(referenceRecord.Counters.AgentsDiscovered, resumed.Counters.AgentsDiscovered);
        Assert.Equal(after.Count, resumed.Counters.AgentsDone);
        Assert.Equal(after.Count(r => !r.Complete), resumed.Counters.AgentsIncomplete);
        Assert.Equal(after.Count(r => r.Skipped), resumed.Counters.AgentsSkipped);
        Assert.Equal(after.Count(r => r.Profiled), resumed.Counters.AgentsProfiled);
        Assert.Equal(partial.Counters.ApiCalls + servedAfter.Count, resumed.Counters.ApiCalls);
        Assert.Equal(referenceRecord.TierCounts, resumed.TierCounts);

        // The exports equal the fault-free run's (the agents' rows and sheets; the summary's call count differs).
        foreach (var name in new[] { ExportNames.GradedCsv, ExportNames.ContactsCsv })
        {
            Assert.True(referenceExports[name].AsSpan().SequenceEqual(exports[name]), $"{name} differs from the fault-free run");
        }
    }

    [Fact]
    public async Task ExecuteAsync_FailedRunByBreakerResumedAgainstHealthyApi_EndsAsTheFaultFreeRun()
    {
        List<AgentResult> referenceResults;
        RunRecord referenceRecord;
        await using (var reference = NewEngine(NewDir(), 0))
        {
            var id = await reference.SubmitAsync((await reference.GetDefaultsAsync(default)).CreateDefaultRequest(), RunTrigger.Cli, default);
            referenceRecord = await reference.ExecuteAsync(id, null, default);
            referenceResults = await reference.Workspace.ReadResultsAsync(id, default).ToListAsync();
        }

        // Nearly every listing page comes back empty: the run breaker (5 agents in a row) ends the run FAILED.
        var dir = NewDir();
        string runId;
        RunRecord failedRun;
        List<AgentResult> before;
        await using (var faulty = NewEngine(dir, 0.95, breakerThreshold: 5))
        {
            runId = await faulty.SubmitAsync((await faulty.GetDefaultsAsync(default)).CreateDefaultRequest(), RunTrigger.Cli, default);
            failedRun = await faulty.ExecuteAsync(runId, null, default);
            before = await faulty.Workspace.ReadResultsAsync(runId, default).ToListAsync();
        }

        Assert.Equal(RunStatus.Failed, failedRun.Status);
        Assert.Contains(before, IncompleteAgentRetry.ShouldRegrade);

        RunRecord resumed;
        List<AgentResult> after;
        await using (var healthy = NewEngine(dir, 0, breakerThreshold: 5))
        {
            resumed = await healthy.ExecuteAsync(runId, null, default);
            after = await healthy.Workspace.ReadResultsAsync(runId, default).ToListAsync();
        }

        Assert.Equal(referenceRecord.Status, resumed.Status);
        Assert.Null(resumed.Error);
        Assert.Equal(referenceResults.Select(Json), after.Select(Json));
        Assert.Equal(after.Count, resumed.Counters.AgentsDone);
        Assert.Equal(after.Count(r => !r.Complete), resumed.Counters.AgentsIncomplete);
        Assert.Equal(referenceRecord.TierCounts, resumed.TierCounts);
    }

    private static string Json(AgentResult result) => JsonSerializer.Serialize(result, CoreJsonContext.Default.AgentResult);

    private static string FulfillmentId(string request)
    {
        const string Key = "fulfillment_id=";
        var at = request.IndexOf(Key, StringComparison.Ordinal);
        if (at < 0)
        {
            return "";
        }

        var end = request.IndexOf('&', at);
        return end < 0 ? request[(at + Key.Length)..] : request[(at + Key.Length)..end];
    }

    /// <summary>Every request the simulator served, as path?query, and whether it was answered successfully (200, no fault).</summary>
    private static async Task<List<Served>> ServedAsync(Uri baseAddress)
    {
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };
        await using var stream = await http.GetStreamAsync(new Uri("__sim/requests", UriKind.Relative));
        using var document = await JsonDocument.ParseAsync(stream);
        Assert.False(document.RootElement.GetProperty("truncated").GetBoolean());
        return [.. document.RootElement.GetProperty("requests").EnumerateArray().Select(r => new Served(
            r.GetProperty("path").GetString() + "?" + r.GetProperty("query").GetString(),
            r.GetProperty("status").GetInt32() == 200 && r.GetProperty("fault").ValueKind == JsonValueKind.Null))];
    }

    private sealed record Served(string Request, bool Ok);
}
