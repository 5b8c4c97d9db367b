using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PropGrade.Local;
using PropGrade.Local.Web;

namespace PropGrade.Web.Tests;

/// <summary>
/// <c>propgrade serve</c>'s composition over a simulator world of 2,000 agents, with one run launched through the API
/// (the default request) and finished before the tests start: the results table, "why this tier" and the runs list
/// are tested against it. <see cref="GetJsonAsync"/> asks the API what the page should show.
/// </summary>
public sealed class ResultsFixture : IAsyncLifetime
{
    public const int Agents = 2_000;

    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "propgrade-web-results-" + Guid.NewGuid().ToString("N")[..8]);
    private HttpClient? _http;

    public LocalServer Server { get; private set; } = null!;

    public string RunId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var engine = new LocalEngineOptions { DataDir = _dataDir, Concurrency = 8 };
        engine.Simulator.Agents = Agents;
        engine.Simulator.Seed = 11;
        Server = await LocalServer.StartAsync(engine, new LocalWebHostOptions { Port = 0 }, token: null, new CapturingLoggerProvider(), CancellationToken.None);
        _http = new HttpClient { BaseAddress = Server.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Server.Token);

        // The default request exactly as the page would send it: /config/defaults without the fields it only reads.
        var defaults = JsonNode.Parse(await GetJsonAsync("/config/defaults"))!.AsObject();
        defaults.Remove("limits");
        defaults.Remove("marketPlaces");
        using var body = new StringContent(defaults.ToJsonString(), Encoding.UTF8, "application/json");
        using var launched = await _http.PostAsync(new Uri("/runs", UriKind.Relative), body);
        var text = await launched.Content.ReadAsStringAsync();
        if ((int)launched.StatusCode != 202)
        {
            throw new InvalidOperationException($"The run was not launched: {(int)launched.StatusCode} {text}");
        }

        RunId = JsonDocument.Parse(text).RootElement.GetProperty("runId").GetString()!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await Server.WhenRunStoppedAsync(RunId, timeout.Token);
    }

    /// <summary>The API's answer (200 expected) as text.</summary>
    public async Task<string> GetJsonAsync(string path)
    {
        using var response = await _http!.GetAsync(new Uri(path, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {text}");
        }

        return text;
    }

    /// <summary><c>GET /runs/{RunId}/agents?query</c>: the total and the rows' advertiser ids, names and tiers.</summary>
    public async Task<AgentsPage> AgentsAsync(string query)
    {
        using var json = JsonDocument.Parse(await GetJsonAsync($"/runs/{RunId}/agents" + (query.Length > 0 ? "?" + query : "")));
        var root = json.RootElement;
        var rows = root.GetProperty("rows").EnumerateArray()
            .Select(r => new AgentsPageRow(r.GetProperty("advertiserId").GetString()!, r.GetProperty("name").GetString() ?? "", r.GetProperty("tier").GetString()!))
            .ToList();
        return new AgentsPage(root.GetProperty("total").GetInt64(), rows);
    }

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
