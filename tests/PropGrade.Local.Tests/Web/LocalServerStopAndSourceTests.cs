using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using PropGrade.Core.Runs;
using PropGrade.Local.Runs;
using PropGrade.Local.Web;

namespace PropGrade.Local.Tests.Web;

/// <summary>
/// <c>propgrade serve</c> and the run's pinned source: an unfinished run created against another source is not resumed
/// at start and its resume answers 409 naming both sources; a stopping server answers 503 to every POST.
/// </summary>
[Trait("Category", "Integration")]
public sealed class LocalServerStopAndSourceTests : IDisposable
{
    private const string Token = "fixed-test-token";
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "propgrade-serve-source-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }

    private async Task<LocalServer> StartAsync()
    {
        var engine = new LocalEngineOptions { DataDir = _dataDir, Concurrency = 4 };
        engine.Simulator.Agents = 60;
        return await LocalServer.StartAsync(engine, new LocalWebHostOptions { Port = 0 }, Token, logger: null, CancellationToken.None);
    }

    private static HttpClient Client(LocalServer server)
    {
        var http = new HttpClient { BaseAddress = server.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return http;
    }

    [Fact]
    public async Task Start_UnfinishedRunOfAnotherSource_NotResumedAndResumeAnswers409NamingBoth()
    {
        var other = RunSource.ForApi(new Uri("http://127.0.0.1:5999/"), "realty-in-us.p.rapidapi.com");
        var request = new RunRequest([new TierDefinition("A", 1_000_000m, null)], new DateOnly(2025, 11, 23), new DateOnly(2026, 11, 23), false, ["A"], ["07030"], null, 5);
        await new SqliteRunStore(_dataDir).CreateAsync(
            new RunRecord("20261123T000000Z-feed", RunStatus.Running, request, RunTrigger.Api, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null, RunCounters.Zero,
                new Dictionary<string, int>(), null, [], new DateOnly(2026, 11, 23), null, RunRecord.CurrentListingApiRevision, Source: other),
            default);

        await using var server = await StartAsync();
        using var http = Client(server);

        Assert.Empty(server.Resumed);
        var notResumed = Assert.Single(server.NotResumed);
        Assert.Contains("http://127.0.0.1:5999/", notResumed, StringComparison.Ordinal);
        using var resume = await http.PostAsync("runs/20261123T000000Z-feed/resume", null);
        Assert.Equal(HttpStatusCode.Conflict, resume.StatusCode);
        var error = JsonDocument.Parse(await resume.Content.ReadAsStringAsync()).RootElement.GetProperty("errors")[0];
        Assert.Equal("source", error.GetProperty("field").GetString());
        var message = error.GetProperty("message").GetString()!;
        Assert.Contains("http://127.0.0.1:5999/", message, StringComparison.Ordinal);
        Assert.Contains("embedded simulator (seed 42, 60 agents)", message, StringComparison.Ordinal);
        Assert.Equal(RunStatus.Running, (await server.Engine.Runs.GetAsync("20261123T000000Z-feed", default))!.Status);
        Assert.Equal(0, await Integration.SimOracle.TotalRequestsAsync(server.Engine.Simulator!.BaseAddress));
    }

    [Fact]
    public async Task PostResume_RunOfThisSource_Answers202AndFinishes()
    {
        await using var server = await StartAsync();
        using var http = Client(server);
        using var post = await http.PostAsync("runs", new StringContent("""{"maxPages":5}""", Encoding.UTF8, "application/json"));
        var runId = JsonDocument.Parse(await post.Content.ReadAsStringAsync()).RootElement.GetProperty("runId").GetString()!;
        await server.WhenRunStoppedAsync(runId, new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        Assert.Equal(RunSource.Embedded(42, 60), (await server.Engine.Runs.GetAsync(runId, default))!.Source);

        using var finished = await http.PostAsync($"runs/{runId}/resume", null);
        using var unknown = await http.PostAsync("runs/20261123T000000Z-0000/resume", null);

        Assert.Equal(HttpStatusCode.Conflict, finished.StatusCode);
        Assert.Contains("\"status\"", await finished.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task StopAsync_Stopping_NewRunsAnswer503AndNothingIsStored()
    {
        await using var server = await StartAsync();
        using var http = Client(server);

        await server.StopAsync(TimeSpan.FromSeconds(5), TimeProvider.System);
        using var post = await http.PostAsync("runs", new StringContent("""{"maxPages":5}""", Encoding.UTF8, "application/json"));
        using var list = await http.GetAsync("runs");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, post.StatusCode);
        Assert.Contains("stopping", await post.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Empty(await server.Engine.Runs.ListAsync(10, default));
    }
}
