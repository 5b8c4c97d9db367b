using System.Collections.Concurrent;
using PropGrade.Core.Listings;
using PropGrade.ListingApi.Tests.Support;
using PropGrade.Simulator;

namespace PropGrade.ListingApi.Tests.Integration;

/// <summary>Pacing against the simulator's real per-second limit (token bucket, no Retry-After), over loopback HTTP.</summary>
[Trait("Category", "Integration")]
public sealed class SimulatorPacingTests
{
    [Fact]
    public async Task DiscoverAgentsAsync_ClientAtThreeTimesTheServerRateWithoutRetryAfter_EveryMarketDiscovered()
    {
        await using var sim = await SimulatorFixture.StartAsync(FaultRates.None, s =>
        {
            s.Agents = 2000;
            s.RatePerSecond = 5;
            s.SendRetryAfter = false;
        }, o =>
        {
            // The production defaults, but configured at 3x the plan, and a single fault retry: 429s must not spend
            // it (today's code fails a market here after two 429s in a row).
            var defaults = new ListingApiOptions();
            o.RequestsPerSecond = 15;
            o.Burst = 1;
            o.RateHeadroom = defaults.RateHeadroom;
            o.MaxRetryAttempts = 1;
            o.BaseDelay = defaults.BaseDelay;
            o.MaxDelay = defaults.MaxDelay;
            o.AttemptTimeout = defaults.AttemptTimeout;
            o.TotalTimeout = defaults.TotalTimeout;
            o.ThrottlePatience = defaults.ThrottlePatience;
            o.CircuitFailureThreshold = defaults.CircuitFailureThreshold;
        });
        var markets = (await sim.MarketsAsync()).Take(8).ToList();
        var recorder = new ListRecorder();
        var found = new ConcurrentDictionary<string, (long Agents, long MatchingRows)>(StringComparer.Ordinal);

        await Parallel.ForEachAsync(markets, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (market, ct) =>
        {
            long agents = 0, matching = 0;
            for (var offset = 0; ;)
            {
                var page = await sim.Client.GetAgentPageAsync(market, offset, new FetchContext("run-it", "discover", null, recorder), ct);
                agents += page.Agents.Count;
                matching = page.MatchingRows;
                offset += page.Limit;
                if (page.Agents.Count == 0 || offset >= page.MatchingRows)
                {
                    break;
                }
            }

            found[market] = (agents, matching);
        });

        Assert.Equal(markets.Count, found.Count);
        Assert.All(found, m => Assert.Equal(m.Value.MatchingRows, m.Value.Agents));
        Assert.True(found.Values.Sum(m => m.Agents) > 100, "the markets should hold enough agents for several pages each");
        var metrics = sim.Client.Metrics;
        Assert.Equal(5, metrics.AdoptedRequestsPerSecond);
        Assert.Equal((0L, 0L), (metrics.FailedCalls, metrics.FaultRetries));
        Assert.Equal(metrics.Throttled, metrics.ThrottleRetries);
        Assert.Equal(recorder.Items.Count, metrics.Attempts);
        Assert.Equal((await sim.StatsAsync()).Total, metrics.RequestsSent);
    }

    [Fact]
    public async Task GetProfileAsync_AtFivePerSecondWithRetriesAndTimeouts_RawAttemptCountEqualsClientAttemptCount()
    {
        IReadOnlyList<AgentProfile> agents;
        await using (var clean = await SimulatorFixture.StartAsync(FaultRates.None))
        {
            agents = await clean.AgentsAsync(30, new ListRecorder());
        }

        await using var sim = await SimulatorFixture.StartAsync(FaultRates.None with { Hang = 0.12, Http503 = 0.15 }, s =>
        {
            s.RatePerSecond = 5;
            s.HangDuration = TimeSpan.FromSeconds(2);
        }, o =>
        {
            o.RequestsPerSecond = 5;
            o.Burst = 1;
            o.AttemptTimeout = TimeSpan.FromMilliseconds(700);
            o.TotalTimeout = TimeSpan.FromSeconds(1.6);
            o.MaxRetryAttempts = 3;
            o.BaseDelay = TimeSpan.FromMilliseconds(50);
            o.MaxDelay = TimeSpan.FromMilliseconds(200);
            o.ThrottlePatience = TimeSpan.FromMinutes(1);
        });
        var recorder = new ListRecorder();
        var failed = 0;

        await Parallel.ForEachAsync(agents, new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (agent, ct) =>
        {
            try
            {
                await sim.Client.GetProfileAsync(new RosterEntry(agent.AdvertiserId, agent.Contact.NrdsId), new FetchContext("run-it", "profile", agent.AdvertiserId, recorder), ct);
            }
            catch (TransientApiException)
            {
                Interlocked.Increment(ref failed);
            }
        });

        var records = recorder.Items;
        var metrics = sim.Client.Metrics;
        Assert.Equal(records.Count, metrics.Attempts);
        Assert.Equal(records.Count, metrics.RequestsSent);
        Assert.Equal(metrics.RequestsSent, (await sim.StatsSettledAsync(records.Count)).Total);
        Assert.Equal(agents.Count + metrics.Retries, records.Count);
        Assert.Contains(records, r => r.Classification == "retry:timeout");
        Assert.Contains(records, r => r.Classification == "retry:http_503");
        Assert.All(records.GroupBy(r => r.Url), g => Assert.Equal(Enumerable.Range(1, g.Count()), g.Select(r => r.Attempt).Order()));
        Assert.Equal(agents.Count, metrics.SucceededCalls + failed);
    }
}
