using PropGrade.Core.Audit;
using PropGrade.Core.Listings;
using PropGrade.Core.Runs;
using PropGrade.Core.Stages;
using PropGrade.Core.Tests.Fakes;

namespace PropGrade.Core.Tests.Stages;

public sealed class DiscoveryServiceTests
{
    private static RunRequest Request(IReadOnlyList<string>? markets, IReadOnlyList<RosterEntry>? roster = null) =>
        new RunDefaults(TestData.Today, markets ?? []).CreateDefaultRequest() with { Markets = markets, Roster = roster };

    private static FakeListingSource World(int agents, string market = "07030")
    {
        var source = new FakeListingSource();
        for (long id = 1; id <= agents; id++)
        {
            source.AddAgent(TestData.Profile(id), market);
        }

        return source;
    }

    [Fact]
    public async Task DiscoverAsync_AgentInTwoMarkets_IsGradedOnceUnderTheFirst()
    {
        var source = new FakeListingSource();
        for (long id = 1; id <= 45; id++)
        {
            source.AddAgent(TestData.Profile(id), id <= 30 ? "07030" : "90210");
        }

        source.AddToMarket("90210", "5");

        var result = await new DiscoveryService(source, null).DiscoverAsync("r", Request(["90210", "07030"]), default);

        Assert.Equal(45, result.Items.Count);
        Assert.Equal("90210", result.Items.Single(i => i.AdvertiserId == "5").Market);
        Assert.Equal("31", result.Items[0].AdvertiserId);
        Assert.Equal(1 + 2, result.Calls);
        Assert.Equal([new MarketReport("90210", 16, 16, false, 0, null), new MarketReport("07030", 30, 30, false, 0, null)], result.Markets);
    }

    [Fact]
    public async Task DiscoverAsync_DiscoveredAgent_CarriesItsListEntryForAZeroCallStageOne()
    {
        var source = World(3);

        var result = await new DiscoveryService(source, null).DiscoverAsync("r", Request(["07030"]), default);

        var item = result.Items[1];
        Assert.Equal(source.ProfileOf(2), item.Profile);
        Assert.Equal("nrds2", item.NrdsId);
        Assert.DoesNotContain(source.Log, l => l.StartsWith("profile", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DiscoverAsync_PagesByTheLimitUntilMatchingRows()
    {
        var source = World(40);

        var result = await new DiscoveryService(source, null).DiscoverAsync("r", Request(["07030"]), default);

        Assert.Equal(["list 07030 0", "list 07030 20"], source.Log);
        Assert.Equal(40, result.Items.Count);
    }

    [Fact]
    public async Task DiscoverAsync_Roster_UsesItAsGivenWithoutCalls()
    {
        var source = new FakeListingSource();

        var result = await new DiscoveryService(source, null).DiscoverAsync("r", Request(null, [new("7", "n7"), new("3", "n3"), new("7", "n7")]), default);

        Assert.Equal([new AgentWorkItem("7", null, "n7"), new AgentWorkItem("3", null, "n3")], result.Items);
        Assert.Equal(0, source.Calls);
        Assert.Empty(result.Markets);
    }

    [Fact]
    public async Task DiscoverAsync_OffsetCapAnswers400_MarketTruncatedWithAgentsNotReached()
    {
        var source = World(70);
        source.DiscoveryOffsetCap = 40;

        var result = await new DiscoveryService(source, null).DiscoverAsync("r", Request(["07030"]), default);

        Assert.Equal(40, result.Items.Count);
        Assert.Equal(new MarketReport("07030", 70, 40, Truncated: true, NotReached: 30, Failed: null), Assert.Single(result.Markets));
        Assert.False(result.AnyMarketFailed);
        Assert.Equal(3, result.Calls);
    }

    [Fact]
    public async Task DiscoverAsync_EmptyPageBeforeMatchingRows_MarketTruncated()
    {
        var source = World(70);
        source.DiscoveryOffsetCap = 20;
        source.CapWithEmptyPage = true;

        var result = await new DiscoveryService(source, null).DiscoverAsync("r", Request(["07030"]), default);

        Assert.Equal(new MarketReport("07030", 70, 20, true, 50, null), Assert.Single(result.Markets));
    }

    [Fact]
    public async Task DiscoverAsync_PageStaysEmptyAfterRetries_MarketTruncated()
    {
        var source = World(30);
        source.Fail = (_, _, offset) => offset == 20 ? new TransientApiException(DiscoveryService.EmptyPageReason, "empty") : null;

        var result = await new DiscoveryService(source, null).DiscoverAsync("r", Request(["07030"]), default);

        Assert.Equal(new MarketReport("07030", 30, 20, true, 10, null), Assert.Single(result.Markets));
    }

    [Fact]
    public async Task DiscoverAsync_MarketFailsAfterRetries_ReportsItFailedAndGradesTheOtherMarkets()
    {
        var source = new FakeListingSource
        {
            Fail = (market, _, offset) => market == "90210" && offset == 0 ? new TransientApiException("http_503", "busy") : null,
        };
        source.AddAgent(TestData.Profile(1), "07030");
        source.AddAgent(TestData.Profile(2), "90210");

        var result = await new DiscoveryService(source, null).DiscoverAsync("r", Request(["07030", "90210"]), default);

        Assert.Equal(["1"], result.Items.Select(i => i.AdvertiserId));
        Assert.Equal(new MarketReport("90210", null, 0, false, 0, "http_503"), result.Markets[1]);
        Assert.True(result.AnyMarketFailed);
    }

    [Fact]
    public async Task DiscoverAsync_BadRequestOnTheFirstPage_IsAFailureNotATruncation()
    {
        var source = World(5);
        source.Fail = (_, _, _) => new BadRequestApiException("http_400", "bad zip");

        var result = await new DiscoveryService(source, null).DiscoverAsync("r", Request(["07030"]), default);

        Assert.Equal("http_400", Assert.Single(result.Markets).Failed);
        Assert.False(result.Markets[0].Truncated);
    }

    [Fact]
    public async Task DiscoverAsync_RunStoppingFailure_Propagates()
    {
        var source = World(5);
        source.Fail = (_, _, _) => new EndpointMissingException("Endpoint '/agents/list' does not exist");

        await Assert.ThrowsAsync<EndpointMissingException>(() => new DiscoveryService(source, null).DiscoverAsync("r", Request(["07030"]), default));
    }

    [Fact]
    public async Task DiscoverAsync_EmptyMarket_ReportsZeroMatchingRows()
    {
        var source = new FakeListingSource();

        var result = await new DiscoveryService(source, null).DiscoverAsync("r", Request(["07030"]), default);

        Assert.Equal(new MarketReport("07030", 0, 0, false, 0, null), Assert.Single(result.Markets));
        Assert.Equal(1, result.Calls);
    }

    [Fact]
    public async Task DiscoverAsync_FailedMarket_StillCommitsItsRawGroup()
    {
        var store = new RecordingRawStore();
        var source = World(5);
        source.Fail = (_, _, _) => new TransientApiException("http_503", "busy");

        await new DiscoveryService(source, store).DiscoverAsync("r", Request(["07030"]), default);

        Assert.Equal(["discover/07030"], store.Committed);
    }

    private sealed class RecordingRawStore : IRawStore
    {
        public List<string> Committed { get; } = [];

        public IRawGroupWriter OpenGroup(string runId, string groupKey) => new Group(this, groupKey);

        public IAsyncEnumerable<RawExchange> ReadAsync(string runId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public IAsyncEnumerable<RawGroup> ReadGroupsAsync(string runId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<byte[]?> ReadBytesAsync(string runId, string segment, long offset, int length, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<string> FingerprintAsync(string runId, CancellationToken cancellationToken) => throw new NotSupportedException();

        private sealed class Group(RecordingRawStore store, string key) : IRawGroupWriter
        {
            public void Record(RawExchange exchange)
            {
            }

            public Task CommitAsync(CancellationToken cancellationToken)
            {
                lock (store.Committed)
                {
                    store.Committed.Add(key);
                }

                return Task.CompletedTask;
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
