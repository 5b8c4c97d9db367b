using System.Text.Json;
using PropGrade.Core.Listings;
using PropGrade.ListingApi.Tests.Support;
using PropGrade.Simulator;

namespace PropGrade.ListingApi.Tests.Integration;

/// <summary>Starts a simulator on an ephemeral loopback port and a client pointed at it.</summary>
internal sealed class SimulatorFixture : IAsyncDisposable
{
    private static readonly HttpClient Probe = new();

    private SimulatorFixture(SimulatorHost host, ListingApiClient client)
    {
        Host = host;
        Client = client;
    }

    public SimulatorHost Host { get; }

    public ListingApiClient Client { get; }

    public static async Task<SimulatorFixture> StartAsync(
        FaultRates faults,
        Action<SimulatorOptions>? simulator = null,
        Action<ListingApiOptions>? client = null,
        string? key = null)
    {
        var options = new SimulatorOptions
        {
            Agents = 400,
            Seed = 7,
            Today = new DateOnly(2026, 11, 23),
            Faults = faults,
            HangDuration = TimeSpan.FromSeconds(2),
            UnsubscribedKeys = ["unsubscribed-key"],
        };
        simulator?.Invoke(options);
        var host = await SimulatorHost.StartAsync(options);
        var clientOptions = TestClients.FastOptions(o =>
        {
            o.BaseAddress = host.BaseAddress;
            o.MaxRetryAttempts = 6;
            o.MaxDelay = TimeSpan.FromMilliseconds(10);
            o.AttemptTimeout = TimeSpan.FromSeconds(5);
            o.TotalTimeout = TimeSpan.FromSeconds(60);
        });
        client?.Invoke(clientOptions);
        var listingClient = new ListingApiClient(clientOptions, new FixedKeyProvider(key ?? options.ApiKey), TimeProvider.System, handler: null, new Random(3));
        return new SimulatorFixture(host, listingClient);
    }

    /// <summary>An agent of the default world (advertiser and NRDS id), read from a fault-free simulator with the same seed.</summary>
    public static async Task<RosterEntry> FirstAgentAsync()
    {
        await using var clean = await StartAsync(FaultRates.None);
        var agent = (await clean.AgentsAsync(1, new ListRecorder()))[0];
        return new RosterEntry(agent.AdvertiserId, agent.Contact.NrdsId);
    }

    public async Task<IReadOnlyList<string>> MarketsAsync()
    {
        using var doc = JsonDocument.Parse(await Probe.GetStringAsync(new Uri(Host.BaseAddress, "__sim/markets")));
        return [.. doc.RootElement.GetProperty("markets").EnumerateArray().Select(m => m.GetProperty("postal_code").GetString()!)];
    }

    /// <summary>(total requests served on /agents/*, faults by simulator name).</summary>
    public async Task<(long Total, IReadOnlyDictionary<string, long> Faults)> StatsAsync()
    {
        using var doc = JsonDocument.Parse(await Probe.GetStringAsync(new Uri(Host.BaseAddress, "__sim/stats")));
        var faults = doc.RootElement.TryGetProperty("faults", out var f)
            ? f.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64())
            : [];
        return (doc.RootElement.GetProperty("total").GetInt64(), faults);
    }

    /// <summary>Waits briefly for requests the server is still finishing (aborted hangs) to be counted.</summary>
    public async Task<(long Total, IReadOnlyDictionary<string, long> Faults)> StatsSettledAsync(long expectedTotal)
    {
        var stats = await StatsAsync();
        for (var i = 0; i < 40 && stats.Total < expectedTotal; i++)
        {
            await Task.Delay(100);
            stats = await StatsAsync();
        }

        return stats;
    }

    /// <summary>Discovers the first <paramref name="count"/> agents of the first market(s).</summary>
    public async Task<IReadOnlyList<AgentProfile>> AgentsAsync(int count, ListRecorder recorder)
    {
        var agents = new List<AgentProfile>();
        foreach (var market in await MarketsAsync())
        {
            for (var offset = 0; ;)
            {
                var page = await Client.GetAgentPageAsync(market, offset, new FetchContext("run-it", "discover", null, recorder), CancellationToken.None);
                agents.AddRange(page.Agents);
                if (agents.Count >= count)
                {
                    return agents.Take(count).ToList();
                }

                offset += page.Limit;
                if (page.Agents.Count == 0 || offset >= page.MatchingRows)
                {
                    break;
                }
            }
        }

        return agents;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
    }
}
