using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using PropGrade.Core.Audit;
using PropGrade.Core.Listings;
using PropGrade.ListingApi;
using PropGrade.Local.Audit;
using PropGrade.Simulator;

namespace PropGrade.Local.Tests.Audit;

/// <summary>
/// The client and the file raw store together against the simulator over real HTTP, under the flaky profile: the key
/// never lands anywhere, every attempt is on disk, bodies come back byte for byte, and replay answers like the API.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RawCaptureIntegrationTests : IAsyncLifetime
{
    private const string RunId = "run-flaky";
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "propgrade-capture-" + Guid.NewGuid().ToString("N"));
    private readonly string _key = "sim-secret-" + Guid.NewGuid().ToString("N");
    private readonly string _keyVariable = "PROPGRADE_TEST_KEY_" + Guid.NewGuid().ToString("N");
    private readonly ConcurrentQueue<RawExchange> _captured = new();
    private readonly ConcurrentQueue<Exception> _failures = new();
    private readonly ConcurrentDictionary<string, (AgentProfile Profile, List<ListingPage> Pages)> _live = new();
    private SimulatorHost? _sim;
    private ListingApiClient? _client;
    private int _agents;

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable(_keyVariable, _key);
        _sim = await SimulatorHost.StartAsync(new SimulatorOptions
        {
            Agents = 300,
            Seed = 11,
            Today = new DateOnly(2026, 11, 23),
            ApiKey = _key,
            Faults = FaultRates.Flaky,
            HangDuration = TimeSpan.FromSeconds(1),
        });
        _client = new ListingApiClient(
            new ListingApiOptions
            {
                BaseAddress = _sim.BaseAddress,
                RequestsPerSecond = 2000,
                Burst = 50,
                MaxRetryAttempts = 6,
                BaseDelay = TimeSpan.FromMilliseconds(1),
                MaxDelay = TimeSpan.FromMilliseconds(20),
                AttemptTimeout = TimeSpan.FromMilliseconds(400),
                TotalTimeout = TimeSpan.FromSeconds(30),
                CircuitFailureThreshold = 50,
            },
            new EnvironmentApiKeyProvider(_keyVariable));

        await using var store = new FileRawStore(_dataDir);
        await RunAsync(store);
    }

    public async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable(_keyVariable, null);
        _client?.Dispose();
        if (_sim is not null)
        {
            await _sim.DisposeAsync();
        }

        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }

    private async Task RunAsync(FileRawStore store)
    {
        using var http = new HttpClient();
        using var markets = JsonDocument.Parse(await http.GetStringAsync(new Uri(_sim!.BaseAddress, "__sim/markets")));
        var agents = new ConcurrentBag<AgentProfile>();
        await Parallel.ForEachAsync(markets.RootElement.GetProperty("markets").EnumerateArray().Select(m => m.GetProperty("postal_code").GetString()!), async (zip, ct) =>
        {
            await using var group = store.OpenGroup(RunId, "discover-" + zip);
            var context = new FetchContext(RunId, "discover", null, new Tee(group, _captured));
            try
            {
                for (var offset = 0; ;)
                {
                    var page = await _client!.GetAgentPageAsync(zip, offset, context, ct);
                    foreach (var agent in page.Agents)
                    {
                        agents.Add(agent);
                    }

                    offset += page.Limit;
                    if (page.Agents.Count == 0 || offset >= page.MatchingRows)
                    {
                        break;
                    }
                }
            }
            catch (ListingApiException ex)
            {
                _failures.Enqueue(ex);
            }

            await group.CommitAsync(ct);
        });
        _agents = agents.Count;

        await Parallel.ForEachAsync(agents.Where(a => a.PrimaryListingsKey() is not null && a.Contact.NrdsId is not null), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (agent, ct) =>
        {
            await using var group = store.OpenGroup(RunId, "agent-" + agent.AdvertiserId);
            var recorder = new Tee(group, _captured);
            try
            {
                var profile = await _client!.GetProfileAsync(new RosterEntry(agent.AdvertiserId, agent.Contact.NrdsId), new FetchContext(RunId, "profile", agent.AdvertiserId, recorder), ct);
                var pages = new List<ListingPage>();
                await foreach (var page in _client.StreamListingPagesAsync(profile.PrimaryListingsKey()!, ListingKind.ForSold, new FetchContext(RunId, "sold", agent.AdvertiserId, recorder), maxPages: 3, ct))
                {
                    pages.Add(page);
                }

                _live[agent.AdvertiserId] = (profile, pages);
            }
            catch (ListingApiException ex)
            {
                // The stage would mark the agent incomplete with ex.Reason; nothing is lost silently.
                _failures.Enqueue(ex);
            }

            await group.CommitAsync(ct);
        });
    }

    [Fact]
    public async Task FlakyRun_FewHundredAgents_KeyAppearsNowhere()
    {
        Assert.True(_agents >= 250, $"discovered {_agents} agents");
        var key = Encoding.UTF8.GetBytes(_key);
        var files = Directory.GetFiles(_dataDir, "*", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.Equal(-1, bytes.AsSpan().IndexOf(key));
            using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var plain = new MemoryStream();
            await gzip.CopyToAsync(plain);
            Assert.Equal(-1, plain.ToArray().AsSpan().IndexOf(key));
        }

        await foreach (var exchange in new FileRawStore(_dataDir).ReadAsync(RunId, CancellationToken.None))
        {
            Assert.DoesNotContain(_key, exchange.Url, StringComparison.Ordinal);
            Assert.DoesNotContain(exchange.ResponseHeaders, h => h.Key.Contains(_key, StringComparison.Ordinal) || h.Value.Contains(_key, StringComparison.Ordinal));
            Assert.DoesNotContain(_key, exchange.Error ?? string.Empty, StringComparison.Ordinal);
        }

        Assert.All(_failures, ex => Assert.DoesNotContain(_key, ex.ToString(), StringComparison.Ordinal));
        Assert.DoesNotContain(_client!.Metrics.FaultsByClass.Keys, k => k.Contains(_key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task FlakyRun_ReadBack_EveryAttemptStoredWithByteIdenticalBodies()
    {
        var stored = new List<RawExchange>();
        await foreach (var exchange in new FileRawStore(_dataDir).ReadAsync(RunId, CancellationToken.None))
        {
            stored.Add(exchange);
        }

        var captured = _captured.ToArray();
        Assert.Equal(captured.Length, stored.Count);
        var byAttempt = stored.ToDictionary(e => (e.Url, e.Attempt, e.Classification));
        foreach (var original in captured)
        {
            var back = byAttempt[(original.Url, original.Attempt, original.Classification)];
            Assert.True(original.Body.AsSpan().SequenceEqual(back.Body), $"body of {original.Url} attempt {original.Attempt} differs");
            Assert.Equal((original.Status, original.AgentId, original.Stage), (back.Status, back.AgentId, back.Stage));
        }

        // The flaky profile really hit the client, and failed attempts (malformed bodies included) were kept.
        Assert.Contains(stored, e => e.Classification == "retry:malformed_body" && e.Body.Length > 0);
        Assert.Contains(stored, e => e.Classification.StartsWith("retry:http_5", StringComparison.Ordinal));
        Assert.True(_client!.Metrics.Retries > 20, $"retries: {_client.Metrics.Retries}");
        Assert.Equal(_client.Metrics.RequestsSent, stored.Count(e => e.Classification is not ("retry:circuit_open" or "fail:circuit_open")));
    }

    [Fact]
    public async Task FlakyRun_ReplayFromRawStore_AnswersLikeTheLiveApiWithZeroCalls()
    {
        var replay = new RawReplaySource(new FileRawStore(_dataDir), RunId);
        var context = new FetchContext("regrade", "profile", null, NullRawRecorder.Instance);
        var served = _client!.Metrics.RequestsSent;

        foreach (var (id, live) in _live)
        {
            var profile = await replay.GetProfileAsync(new RosterEntry(id, live.Profile.Contact.NrdsId), context, CancellationToken.None);
            Assert.Equal((live.Profile.PrimaryListingsKey(), live.Profile.Name, live.Profile.RecentlySold), (profile.PrimaryListingsKey(), profile.Name, profile.RecentlySold));
            foreach (var livePage in live.Pages)
            {
                var page = await replay.GetListingPageAsync(profile.PrimaryListingsKey()!, ListingKind.ForSold, livePage.Page, 0, context, CancellationToken.None);
                Assert.Equal(livePage.Listings.Select(l => l.ListingId), page.Listings.Select(l => l.ListingId));
                Assert.Equal(livePage.Total, page.Total);
            }
        }

        var missing = await Assert.ThrowsAsync<RawDataMissingException>(() => replay.GetListingPageAsync(new ListingsKey("1", "NOPE", "NOPE"), ListingKind.ForSold, 19, 0, context, CancellationToken.None));
        Assert.Equal("no_raw_data", missing.Reason);
        Assert.Equal(served, _client.Metrics.RequestsSent);
    }

    /// <summary>Records to the group and keeps a copy for comparison.</summary>
    private sealed class Tee(IRawRecorder inner, ConcurrentQueue<RawExchange> copy) : IRawRecorder
    {
        public void Record(RawExchange exchange)
        {
            inner.Record(exchange);
            copy.Enqueue(exchange);
        }
    }
}
