using PropGrade.Core.Listings;
using PropGrade.Core.Runs;
using PropGrade.Core.Stages;
using PropGrade.Core.Tests.Fakes;

namespace PropGrade.Core.Tests.Stages;

public sealed class DiscoveryServiceTests
{
    private static RunRequest Request(IReadOnlyList<string>? markets, IReadOnlyList<long>? roster = null) =>
        new RunDefaults(TestData.Today, markets ?? []).CreateDefaultRequest() with { Markets = markets, Roster = roster };

    [Fact]
    public async Task DiscoverAsync_AgentInTwoMarkets_IsGradedOnceUnderTheFirst()
    {
        var source = new FakeListingSource();
        for (long id = 1; id <= 45; id++)
        {
            source.AddAgent(TestData.Profile(id), id <= 30 ? "07030" : "90210");
        }

        source.AddToMarket("90210", 5);

        var result = await new DiscoveryService(source, null).DiscoverAsync("r", Request(["90210", "07030"]), default);

        Assert.Equal(45, result.Items.Count);
        Assert.Equal("90210", result.Items.Single(i => i.AdvertiserId == 5).Market);
        Assert.Equal(31, result.Items[0].AdvertiserId);
        Assert.Equal(1 + 2, result.Calls);
    }

    [Fact]
    public async Task DiscoverAsync_Roster_UsesItAsGivenWithoutCalls()
    {
        var source = new FakeListingSource();

        var result = await new DiscoveryService(source, null).DiscoverAsync("r", Request(null, [7, 3, 7]), default);

        Assert.Equal([new AgentWorkItem(7, null), new AgentWorkItem(3, null)], result.Items);
        Assert.Equal(0, source.Calls);
    }

    [Fact]
    public async Task DiscoverAsync_MarketFails_ThrowsNamingTheMarket()
    {
        var source = new FailingSource();

        var ex = await Assert.ThrowsAsync<DiscoveryFailedException>(() => new DiscoveryService(source, null).DiscoverAsync("r", Request(["07030"]), default));

        Assert.Equal("07030", ex.Market);
        Assert.Equal("http_503", ex.Reason);
    }

    private sealed class FailingSource : IListingSource
    {
        public async IAsyncEnumerable<AgentPage> DiscoverAgentsAsync(string postalCode, FetchContext context, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            throw new TransientApiException("http_503", "busy");
#pragma warning disable CS0162 // Unreachable: an iterator needs a yield.
            yield break;
#pragma warning restore CS0162
        }

        public Task<AgentProfile> GetProfileAsync(long advertiserId, FetchContext context, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<ListingPage> GetListingPageAsync(long fulfillmentId, ListingKind kind, int page, FetchContext context, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
