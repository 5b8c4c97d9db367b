using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using PropGrade.Core.Grading;
using PropGrade.Core.Runs;
using PropGrade.Local.Tests.Integration;
using PropGrade.Local.Web;

namespace PropGrade.Local.Tests.Web;

/// <summary>
/// <c>POST /runs/{runId}/resume</c> of a PARTIAL run whose incomplete agent the API failed: 202, the agent graded again
/// from the run's stored pages (every page it needs was stored, so no request at all), the run SUCCEEDED with its
/// counters as before.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ResumePartialWebTests : IDisposable
{
    private const string Token = "fixed-test-token";
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "propgrade-serve-partial-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }

    [Fact]
    public async Task PostResume_PartialRunWithAgentFailedByApi_Answers202AndRegradesFromStoredPagesWithoutCalls()
    {
        var options = new LocalEngineOptions { DataDir = _dataDir, Concurrency = 4 };
        options.Simulator.Agents = 60;
        await using var server = await LocalServer.StartAsync(options, new LocalWebHostOptions { Port = 0 }, Token, logger: null, CancellationToken.None);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var post = await http.PostAsync("runs", new StringContent("""{"maxPages":5}""", Encoding.UTF8, "application/json"));
        var runId = JsonDocument.Parse(await post.Content.ReadAsStringAsync()).RootElement.GetProperty("runId").GetString()!;
        await server.WhenRunStoppedAsync(runId, new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        var succeeded = (await server.Engine.Runs.GetAsync(runId, default))!;
        Assert.Equal(RunStatus.Succeeded, succeeded.Status);
        var results = await server.Engine.Workspace.ReadResultsAsync(runId, default).ToListAsync();
        var graded = results.Where(r => r.Complete && r.PagesFetched > 1).OrderByDescending(r => r.PagesFetched).First();

        // As if its last page had failed for good: saved incomplete (http_503), the run PARTIAL.
        var failed = graded with { Complete = false, StopReason = "http_503", Tier = GradingPlan.Unranked, SoldVolume = 0m, SoldSides = 0m };
        await server.Engine.Workspace.SaveResultsAsync(runId, "tampered", [failed], default);
        await server.Engine.Runs.AddCountersAsync(runId, new RunCounters(AgentsIncomplete: 1), default);
        await server.Engine.Runs.FinishAsync(runId, new RunOutcome(RunStatus.Partial, succeeded.FinishedAt!.Value, succeeded.TierCounts, succeeded.Exports, null), default);
        var requestsBefore = await SimOracle.TotalRequestsAsync(server.Engine.Simulator!.BaseAddress);

        using var resume = await http.PostAsync($"runs/{runId}/resume", null);
        Assert.Equal(HttpStatusCode.Accepted, resume.StatusCode);
        await server.WhenRunStoppedAsync(runId, new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);

        var resumed = (await server.Engine.Runs.GetAsync(runId, default))!;
        Assert.Equal(RunStatus.Succeeded, resumed.Status);
        var now = (await server.Engine.Workspace.ReadResultsAsync(runId, default).ToListAsync()).Single(r => r.AdvertiserId == graded.AdvertiserId);
        Assert.Equal(Json(graded), Json(now));
        Assert.Equal(requestsBefore, await SimOracle.TotalRequestsAsync(server.Engine.Simulator!.BaseAddress));
        Assert.Equal(succeeded.Counters, resumed.Counters);
        Assert.Equal(succeeded.TierCounts, resumed.TierCounts);
    }

    private static string Json(AgentResult result) => JsonSerializer.Serialize(result, CoreJsonContext.Default.AgentResult);
}
