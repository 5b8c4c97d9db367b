using Microsoft.Extensions.Time.Testing;
using PropGrade.Core.Listings;
using PropGrade.ListingApi.Tests.Support;
using PropGrade.Simulator;

namespace PropGrade.ListingApi.Tests.Integration;

/// <summary>One test per fault the simulator injects, over real HTTP on loopback: what the client did and what it recorded.</summary>
[Trait("Category", "Integration")]
public sealed class SimulatorFaultTests
{
    public static TheoryData<string, string, string> TransientFaults => new()
    {
        { nameof(FaultRates.Http500), "http_500", "http_500" },
        { nameof(FaultRates.Http502), "http_502", "http_502" },
        { nameof(FaultRates.Http503), "http_503", "http_503" },
        { nameof(FaultRates.Http504), "http_504", "http_504" },
        { nameof(FaultRates.BotDetector403), "bot_detector_403", "http_403_bot" },
        { nameof(FaultRates.ConnectionReset), "connection_reset", "reset" },
        { nameof(FaultRates.Hang), "hang", "timeout" },
        { nameof(FaultRates.MalformedJson), "malformed_json", "malformed_body" },
        { nameof(FaultRates.TruncatedBody), "truncated_body", "truncated_body" },
        { nameof(FaultRates.HtmlErrorPage), "html_error_page", "html_body" },
        { nameof(FaultRates.EmptyPage), "empty_page", "empty_page" },
    };

    private static RosterEntry Roster(AgentProfile agent) => new(agent.AdvertiserId, agent.Contact.NrdsId);

    private static FaultRates Only(string fault, double rate) => fault switch
    {
        nameof(FaultRates.Http500) => FaultRates.None with { Http500 = rate },
        nameof(FaultRates.Http502) => FaultRates.None with { Http502 = rate },
        nameof(FaultRates.Http503) => FaultRates.None with { Http503 = rate },
        nameof(FaultRates.Http504) => FaultRates.None with { Http504 = rate },
        nameof(FaultRates.BotDetector403) => FaultRates.None with { BotDetector403 = rate },
        nameof(FaultRates.ConnectionReset) => FaultRates.None with { ConnectionReset = rate },
        nameof(FaultRates.Hang) => FaultRates.None with { Hang = rate },
        nameof(FaultRates.MalformedJson) => FaultRates.None with { MalformedJson = rate },
        nameof(FaultRates.TruncatedBody) => FaultRates.None with { TruncatedBody = rate },
        nameof(FaultRates.HtmlErrorPage) => FaultRates.None with { HtmlErrorPage = rate },
        nameof(FaultRates.EmptyPage) => FaultRates.None with { EmptyPage = rate },
        nameof(FaultRates.RepeatedListing) => FaultRates.None with { RepeatedListing = rate },
        _ => throw new ArgumentOutOfRangeException(nameof(fault)),
    };

    [Theory]
    [MemberData(nameof(TransientFaults))]
    public async Task Fetch_TransientFault_RetriedUntilOkAndEveryAttemptRecorded(string fault, string simulatorName, string reason)
    {
        await using var sim = await SimulatorFixture.StartAsync(Only(fault, 0.3), client: o =>
        {
            if (fault == nameof(FaultRates.Hang))
            {
                o.AttemptTimeout = TimeSpan.FromMilliseconds(500);
            }
        });
        var recorder = new ListRecorder();
        var agents = await sim.AgentsAsync(10, recorder);

        foreach (var agent in agents.Where(a => a.PrimaryListingsKey() is not null))
        {
            var profile = await sim.Client.GetProfileAsync(Roster(agent), new FetchContext("run-it", "profile", agent.AdvertiserId, recorder), CancellationToken.None);
            Assert.Equal(agent.PrimaryListingsKey(), profile.PrimaryListingsKey());
            var page = await sim.Client.GetListingPageAsync(agent.PrimaryListingsKey()!, ListingKind.ForSold, 1, 0, new FetchContext("run-it", "sold", agent.AdvertiserId, recorder), CancellationToken.None);
            Assert.Equal(page.Total > 0, page.Listings.Count > 0);
        }

        var records = recorder.Items;
        var stats = await sim.StatsSettledAsync(records.Count);
        Assert.Equal(stats.Total, records.Count);
        var retried = records.Count(r => r.Classification == "retry:" + reason);
        Assert.True(retried > 0, $"expected some retry:{reason} records");
        Assert.Equal(stats.Faults.GetValueOrDefault(simulatorName), retried);
        Assert.All(records.GroupBy(r => r.Url), g => Assert.Equal("ok", g.Last().Classification));
        Assert.All(records.GroupBy(r => r.Url), g => Assert.Equal(Enumerable.Range(1, g.Count()), g.Select(r => r.Attempt)));
        Assert.Equal(retried, sim.Client.Metrics.Retries);
        Assert.Equal(0, sim.Client.Metrics.FailedCalls);
    }

    [Fact]
    public async Task Fetch_RepeatedListingAcrossPages_IsMappedAsIsWithoutRetry()
    {
        await using var sim = await SimulatorFixture.StartAsync(Only(nameof(FaultRates.RepeatedListing), 1.0), s => s.Agents = 2000);
        var recorder = new ListRecorder();
        var agents = await sim.AgentsAsync(60, recorder);
        var deep = agents.Where(a => a.PrimaryListingsKey() is not null).OrderByDescending(a => a.RecentlySold.Count).First();

        var first = await sim.Client.GetListingPageAsync(deep.PrimaryListingsKey()!, ListingKind.ForSold, 1, 0, new FetchContext("run-it", "sold", deep.AdvertiserId, recorder), CancellationToken.None);
        var second = await sim.Client.GetListingPageAsync(deep.PrimaryListingsKey()!, ListingKind.ForSold, 2, first.Listings.Count, new FetchContext("run-it", "sold", deep.AdvertiserId, recorder), CancellationToken.None);

        Assert.True(first.Total > first.Listings.Count, $"agent needs two pages, has {first.Total}");
        Assert.Equal(first.Listings[^1].ListingId, second.Listings[0].ListingId);
        Assert.Equal(0, sim.Client.Metrics.Retries);
    }

    [Fact]
    public async Task Fetch_FaultOnEveryAttempt_FailsAfterRetriesWithReason()
    {
        var agent = await SimulatorFixture.FirstAgentAsync();
        await using var sim = await SimulatorFixture.StartAsync(Only(nameof(FaultRates.MalformedJson), 1.0), client: o => o.MaxRetryAttempts = 3);
        var recorder = new ListRecorder();

        var ex = await Assert.ThrowsAsync<TransientApiException>(() => sim.Client.GetProfileAsync(agent, new FetchContext("run-it", "profile", agent.AdvertiserId, recorder), CancellationToken.None));

        Assert.Equal("malformed_body", ex.Reason);
        Assert.Equal(4, recorder.Items.Count);
        Assert.Equal(4, (await sim.StatsAsync()).Total);
        Assert.All(recorder.Items, r => Assert.NotEmpty(r.Body));
    }

    [Fact]
    public async Task Fetch_ConsecutiveFailures_BreakerOpensAndStopsCallingTheApi()
    {
        var agent = await SimulatorFixture.FirstAgentAsync();
        await using var sim = await SimulatorFixture.StartAsync(Only(nameof(FaultRates.Http503), 1.0), client: o =>
        {
            o.CircuitFailureThreshold = 3;
            o.MaxRetryAttempts = 6;
            o.CircuitBreakDuration = TimeSpan.FromSeconds(30);
        });
        var recorder = new ListRecorder();

        var ex = await Assert.ThrowsAsync<TransientApiException>(() => sim.Client.GetProfileAsync(agent, new FetchContext("run-it", "profile", "1", recorder), CancellationToken.None));
        var second = await Assert.ThrowsAsync<TransientApiException>(() => sim.Client.GetProfileAsync(agent with { AdvertiserId = agent.AdvertiserId + "1" }, new FetchContext("run-it", "profile", "2", recorder), CancellationToken.None));

        Assert.Equal(("circuit_open", "circuit_open"), (ex.Reason, second.Reason));
        Assert.Equal(3, (await sim.StatsAsync()).Total);
        Assert.Equal(3, recorder.Items.Count(r => r.Classification == "retry:http_503"));
        Assert.Contains(recorder.Items, r => r.Classification == "fail:circuit_open" && r.AgentId == "2");
        Assert.Equal(1, sim.Client.Metrics.CircuitOpenings);
    }

    [Fact]
    public async Task Fetch_ApiRecoversAfterBreakerOpened_HalfOpenProbeClosesTheCircuit()
    {
        var agent = await SimulatorFixture.FirstAgentAsync();
        await using var failing = await SimulatorHost.StartAsync(new SimulatorOptions { Agents = 400, Seed = 7, Today = new DateOnly(2026, 11, 23), Faults = Only(nameof(FaultRates.Http503), 1.0) });
        await using var healthy = await SimulatorHost.StartAsync(new SimulatorOptions { Agents = 400, Seed = 7, Today = new DateOnly(2026, 11, 23) });
        using var switcher = new SwitchingHandler(failing.BaseAddress);
        // The client's clock is fake (the break duration passes by Advance, not by a sleep); the HTTP is real, so the
        // clock moves 1 ms per step while a call runs and the attempt timeout is far beyond any loopback answer.
        var time = new FakeTimeProvider();
        var step = TimeSpan.FromMilliseconds(1);
        using var client = new ListingApiClient(
            TestClients.FastOptions(o =>
            {
                o.BaseAddress = failing.BaseAddress;
                o.CircuitFailureThreshold = 3;
                o.MaxRetryAttempts = 4;
                o.CircuitBreakDuration = TimeSpan.FromSeconds(5);
                o.AttemptTimeout = TimeSpan.FromMinutes(1);
                o.TotalTimeout = TimeSpan.FromMinutes(2);
            }),
            new FixedKeyProvider(failing.Options.ApiKey),
            time,
            switcher,
            new Random(5));
        var recorder = new ListRecorder();
        Task<AgentProfile> ProfileAsync() => FakeClock.RunAsync(
            time, client.GetProfileAsync(agent, new FetchContext("run-it", "profile", agent.AdvertiserId, recorder), CancellationToken.None), step, TimeSpan.FromSeconds(4));

        var broken = await Assert.ThrowsAsync<TransientApiException>(ProfileAsync);
        switcher.Target = healthy.BaseAddress;
        time.Advance(TimeSpan.FromSeconds(5));
        var profile = await ProfileAsync();
        var again = await ProfileAsync();

        Assert.Equal("circuit_open", broken.Reason);
        Assert.Equal(agent.AdvertiserId, profile.AdvertiserId);
        Assert.Equal(agent.AdvertiserId, again.AdvertiserId);
        Assert.Equal(1, client.Metrics.CircuitOpenings);
        Assert.Equal(["ok", "ok"], recorder.Items.TakeLast(2).Select(r => r.Classification));
    }

    /// <summary>Sends every request to the current <see cref="Target"/> (a real loopback simulator).</summary>
    private sealed class SwitchingHandler(Uri target) : DelegatingHandler(new SocketsHttpHandler())
    {
        public Uri Target { get; set; } = target;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.RequestUri = new Uri(Target, request.RequestUri!.PathAndQuery);
            return base.SendAsync(request, cancellationToken);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Fetch_ClientFasterThanServerRate_429sRetriedAndClientSlowsDown(bool retryAfter)
    {
        await using var sim = await SimulatorFixture.StartAsync(FaultRates.None, s =>
        {
            s.RatePerSecond = 40;
            s.SendRetryAfter = retryAfter;
        }, o =>
        {
            o.RequestsPerSecond = 400;
            o.Burst = 20;
            o.MaxRetryAttempts = 10;
            o.BaseDelay = TimeSpan.FromMilliseconds(50);
            o.MaxDelay = TimeSpan.FromSeconds(1);
            o.TotalTimeout = TimeSpan.FromSeconds(30);
        });
        var recorder = new ListRecorder();
        var agents = await sim.AgentsAsync(60, recorder);

        var profiles = await Task.WhenAll(agents.Select(a =>
            sim.Client.GetProfileAsync(Roster(a), new FetchContext("run-it", "profile", a.AdvertiserId, recorder), CancellationToken.None)));

        Assert.Equal(agents.Select(a => a.AdvertiserId), profiles.Select(p => p.AdvertiserId));
        Assert.True(sim.Client.Metrics.Throttled > 0, "the server should have throttled a client at 10x its rate");
        Assert.True(sim.Client.Metrics.LowestRequestsPerSecond < 400, "the client should have slowed down");
        Assert.Equal(sim.Client.Metrics.Throttled, recorder.Items.Count(r => r.Status == 429 && r.Classification == "retry:http_429"));
        if (retryAfter)
        {
            Assert.Contains(recorder.Items, r => r.Status == 429 && r.ResponseHeaders.ContainsKey("Retry-After"));
        }
    }

    [Fact]
    public async Task Fetch_WrongKey_FailsFastAsRunStop()
    {
        await using var sim = await SimulatorFixture.StartAsync(FaultRates.None, key: "wrong-key-123");
        var recorder = new ListRecorder();

        var ex = await Assert.ThrowsAsync<ApiAuthException>(() => sim.Client.GetProfileAsync(new RosterEntry("1", "n1"), new FetchContext("run-it", "profile", "1", recorder), CancellationToken.None));

        Assert.True(ex.StopsRun);
        Assert.Equal("fail:auth_invalid_key", Assert.Single(recorder.Items).Classification);
        Assert.Equal(1, (await sim.StatsAsync()).Total);
        Assert.DoesNotContain("wrong-key-123", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_UnsubscribedKey_FailsFastAsRunStop()
    {
        await using var sim = await SimulatorFixture.StartAsync(FaultRates.None, key: "unsubscribed-key");

        var ex = await Assert.ThrowsAsync<ApiAuthException>(() => sim.Client.GetProfileAsync(new RosterEntry("1", "n1"), new FetchContext("run-it", "profile", "1", new ListRecorder()), CancellationToken.None));

        Assert.Equal("auth_not_subscribed", ex.Reason);
        Assert.Equal(1, (await sim.StatsAsync()).Total);
    }

    [Fact]
    public async Task Fetch_QuotaUsedUp_FailsFastAsRunStop()
    {
        await using var sim = await SimulatorFixture.StartAsync(FaultRates.None, s => s.PeriodQuota = 2);
        var recorder = new ListRecorder();
        var agents = await sim.AgentsAsync(2, recorder);
        await sim.Client.GetProfileAsync(Roster(agents[0]), new FetchContext("run-it", "profile", "1", recorder), CancellationToken.None);

        var ex = await Assert.ThrowsAsync<QuotaExhaustedException>(() => sim.Client.GetProfileAsync(Roster(agents[1]), new FetchContext("run-it", "profile", "2", recorder), CancellationToken.None));

        Assert.True(ex.StopsRun);
        Assert.Contains("quota", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("fail:quota_exhausted", recorder.Items[^1].Classification);
        Assert.Equal(0, sim.Client.Metrics.Retries);
    }

    [Fact]
    public async Task Fetch_UnknownAgent_FailsFastWithNotFound()
    {
        await using var sim = await SimulatorFixture.StartAsync(FaultRates.None);

        var ex = await Assert.ThrowsAsync<AgentNotFoundException>(() => sim.Client.GetProfileAsync(new RosterEntry("987654321", "999"), new FetchContext("run-it", "profile", "1", new ListRecorder()), CancellationToken.None));

        Assert.Equal("http_404", ex.Reason);
        Assert.Equal(1, (await sim.StatsAsync()).Total);
    }

    [Fact]
    public async Task Fetch_WrongHostHeader_FailsFastWithBadRequest()
    {
        await using var sim = await SimulatorFixture.StartAsync(FaultRates.None, client: o => o.Host = "realtor.p.rapidapi.com");

        var ex = await Assert.ThrowsAsync<BadRequestApiException>(() => sim.Client.GetProfileAsync(new RosterEntry("1", "n1"), new FetchContext("run-it", "profile", "1", new ListRecorder()), CancellationToken.None));

        Assert.Equal("http_400", ex.Reason);
        Assert.Equal(1, (await sim.StatsAsync()).Total);
    }
}
