using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using PropGrade.Core.Runs;
using PropGrade.Local.Web;

namespace PropGrade.Local.Tests.Web;

/// <summary><c>propgrade serve</c>'s composition over HTTP: real engine, embedded simulator, SQLite, files.</summary>
[Trait("Category", "Integration")]
public sealed class LocalServerTests : IAsyncLifetime
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "propgrade-localserver-" + Guid.NewGuid().ToString("N")[..8]);
    private LocalServer _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        var engine = new LocalEngineOptions { DataDir = _dataDir, Concurrency = 4 };
        engine.Simulator.Agents = 60;
        _server = await LocalServer.StartAsync(engine, new LocalWebHostOptions { Port = 0 }, token: "fixed-test-token", logger: null, CancellationToken.None);
        _http = new HttpClient { BaseAddress = _server.BaseAddress };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "fixed-test-token");
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>Waits for the run's background execution to end (the launcher's signal, not a polling loop), then reads it over HTTP.</summary>
    private async Task<JsonElement> WaitForFinishAsync(string runId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _server.WhenRunStoppedAsync(runId, timeout.Token);
        return await GetJsonAsync("runs/" + runId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("?concurrency=2")]
    public async Task PostRuns_ValidRequest_RunsInTheBackgroundToSucceededWithDownloadableExports(string query)
    {
        using var post = await _http.PostAsync("runs" + query, new StringContent("""{"maxPages":5,"selectedTiers":["A","B","C"]}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, post.StatusCode);
        var runId = JsonDocument.Parse(await post.Content.ReadAsStringAsync()).RootElement.GetProperty("runId").GetString()!;

        var run = await WaitForFinishAsync(runId);

        Assert.Equal("SUCCEEDED", run.GetProperty("status").GetString());
        Assert.Equal("api", run.GetProperty("trigger").GetString());
        Assert.Equal(60, run.GetProperty("agentsDiscovered").GetInt32());
        Assert.Equal(60, run.GetProperty("agentsDone").GetInt32());
        Assert.True(run.GetProperty("apiCalls").GetInt64() > 60);
        var exports = (await GetJsonAsync($"runs/{runId}/exports")).GetProperty("exports").EnumerateArray().ToList();
        var csv = exports.Single(e => e.GetProperty("name").GetString() == "graded.csv");
        Assert.Equal($"/runs/{runId}/exports/graded.csv", csv.GetProperty("url").GetString());
        var bytes = await _http.GetByteArrayAsync(csv.GetProperty("url").GetString());
        Assert.Equal(csv.GetProperty("sizeBytes").GetInt64(), bytes.Length);
        Assert.StartsWith("advertiser_id,fulfillment_id,name,office,tier,", Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF'), StringComparison.Ordinal);

        var listed = (await GetJsonAsync("runs")).GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("runId").GetString());
        Assert.Contains(runId, listed);
    }

    [Fact]
    public async Task PostRuns_Invalid_Returns400AndStoresNothing()
    {
        using var post = await _http.PostAsync("runs", new StringContent("""{"maxPages":50,"markets":["1"]}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        var fields = JsonDocument.Parse(await post.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").EnumerateArray()
            .Select(e => e.GetProperty("field").GetString()).ToList();
        Assert.Contains("maxPages", fields);
        Assert.Contains("markets[0]", fields);
        Assert.Empty(await _server.Engine.Runs.ListAsync(10, CancellationToken.None));
    }

    [Fact]
    public async Task GetDefaults_ReturnsTheSimulatorsMarketsAndToday()
    {
        var defaults = await GetJsonAsync("config/defaults");
        var engineDefaults = await _server.Engine.GetDefaultsAsync(CancellationToken.None);

        Assert.Equal(engineDefaults.Markets, defaults.GetProperty("markets").EnumerateArray().Select(m => m.GetString()!));
        Assert.Equal(engineDefaults.Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), defaults.GetProperty("asOf").GetString());
        Assert.Equal(RunDefaults.DefaultMaxPages, defaults.GetProperty("maxPages").GetInt32());
    }

    [Fact]
    public async Task GetDefaults_EmbeddedSimulator_NamesTheCityOfEveryMarket()
    {
        var defaults = await GetJsonAsync("config/defaults");
        var markets = defaults.GetProperty("markets").EnumerateArray().Select(m => m.GetString()!).ToList();
        var places = defaults.GetProperty("marketPlaces");

        Assert.NotEmpty(markets);
        Assert.Equal(markets.Order(StringComparer.Ordinal), places.EnumerateObject().Select(p => p.Name));
        Assert.All(places.EnumerateObject(), p =>
        {
            Assert.False(string.IsNullOrWhiteSpace(p.Value.GetProperty("city").GetString()));
            Assert.Matches("^[A-Z]{2}$", p.Value.GetProperty("state").GetString()!);
        });
        Assert.Equal(defaults.GetProperty("asOf").GetString(), defaults.GetProperty("limits").GetProperty("today").GetString());
    }

    [Fact]
    public void SignInAddress_CarriesTheTokenInTheFragmentOnly()
    {
        var address = _server.SignInAddress;

        Assert.Equal(_server.BaseAddress.GetLeftPart(UriPartial.Path), address.GetLeftPart(UriPartial.Path));
        Assert.Equal("", address.Query);
        Assert.Equal("#token=fixed-test-token", address.Fragment);
    }

    [Fact]
    public async Task StartAsync_ApiRunLeftQueued_ResumesItToSucceeded()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "propgrade-resume-" + Guid.NewGuid().ToString("N")[..8]);
        var options = new LocalEngineOptions { DataDir = dataDir };
        options.Simulator.Agents = 30;
        string apiRunId;
        string cliRunId;
        await using (var engine = new LocalEngine(options))
        {
            var request = (await engine.GetDefaultsAsync(CancellationToken.None)).CreateDefaultRequest();
            apiRunId = await engine.SubmitAsync(request, RunTrigger.Api, CancellationToken.None);
            cliRunId = await engine.SubmitAsync(request, RunTrigger.Cli, CancellationToken.None);
        }

        try
        {
            await using var server = await LocalServer.StartAsync(options, new LocalWebHostOptions { Port = 0 }, "t", logger: null, CancellationToken.None);

            Assert.Equal([apiRunId], server.Resumed);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await server.WhenRunStoppedAsync(apiRunId, timeout.Token);
            var record = (await server.Engine.Runs.GetAsync(apiRunId, timeout.Token))!;

            Assert.Equal(RunStatus.Succeeded, record.Status);
            Assert.Equal(RunStatus.Queued, (await server.Engine.Runs.GetAsync(cliRunId, CancellationToken.None))!.Status);
        }
        finally
        {
            if (Directory.Exists(dataDir))
            {
                Directory.Delete(dataDir, recursive: true);
            }
        }
    }
}
