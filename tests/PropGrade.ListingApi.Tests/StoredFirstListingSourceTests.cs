using PropGrade.Core.Audit;
using PropGrade.Core.Listings;
using PropGrade.ListingApi;

namespace PropGrade.ListingApi.Tests;

public sealed class StoredFirstListingSourceTests
{
    private static readonly ListingsKey Key = new("7", "ABOR", "M7");

    private static FetchContext Context(string agent) => new("run", "sold", agent, NullRawRecorder.Instance);

    [Fact]
    public async Task GetListingPageAsync_StoredPage_AnsweredWithoutLiveCall()
    {
        var live = new Scripted("live");
        var source = new StoredFirstListingSource(new Scripted("stored", stored: [1]), live);

        var page = await source.GetListingPageAsync(Key, ListingKind.ForSold, 1, 0, Context("7"), default);

        Assert.Equal(1, page.Page);
        Assert.Equal("stored", page.Listings[0].ListingId);
        Assert.Empty(live.Asked);
        Assert.Equal(1, source.Replayed);
        Assert.Equal(0, source.Live);
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("integrity")]
    public async Task GetListingPageAsync_NotStoredOrNotTrusted_AskedLive(string why)
    {
        var live = new Scripted("live", stored: [2]);
        var source = new StoredFirstListingSource(new Scripted("stored", stored: [1], why), live);

        var page = await source.GetListingPageAsync(Key, ListingKind.ForSold, 2, 3, Context("7"), default);

        Assert.Equal("live", page.Listings[0].ListingId);
        Assert.Equal([2], live.Asked);
        Assert.Equal(0, source.Replayed);
        Assert.Equal(1, source.Live);
    }

    [Fact]
    public async Task GetListingPageAsync_StoredFinal404_ThrownAgainWithoutLiveCall()
    {
        var live = new Scripted("live", stored: [1]);
        var source = new StoredFirstListingSource(new Scripted("stored", stored: [], missing: "404"), live);

        var error = await Assert.ThrowsAsync<AgentNotFoundException>(() => source.GetListingPageAsync(Key, ListingKind.ForSold, 1, 0, Context("7"), default));

        Assert.Equal("http_404", error.Reason);
        Assert.Empty(live.Asked);
        Assert.Equal(1, source.Replayed);
    }

    [Fact]
    public async Task TakeReplayed_CountsPerAgentAndForgets()
    {
        var source = new StoredFirstListingSource(new Scripted("stored", stored: [1, 2]), new Scripted("live", stored: [3]));
        await source.GetListingPageAsync(Key, ListingKind.ForSold, 1, 0, Context("7"), default);
        await source.GetListingPageAsync(Key, ListingKind.ForSold, 2, 0, Context("7"), default);
        await source.GetListingPageAsync(Key, ListingKind.ForSold, 3, 0, Context("7"), default);
        await source.GetListingPageAsync(Key, ListingKind.ForSold, 1, 0, Context("8"), default);

        Assert.Equal(2, source.TakeReplayed("7"));
        Assert.Equal(0, source.TakeReplayed("7"));
        Assert.Equal(1, source.TakeReplayed("8"));
        Assert.Equal(3, source.Replayed);
        Assert.Equal(1, source.Live);
    }

    /// <summary>Answers the pages in <c>stored</c> with one listing named after itself; other pages fail as <c>missing</c> says.</summary>
    private sealed class Scripted(string name, int[]? stored = null, string missing = "missing") : IListingSource
    {
        public List<int> Asked { get; } = [];

        public Task<AgentPage> GetAgentPageAsync(string postalCode, int offset, FetchContext context, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<AgentProfile> GetProfileAsync(RosterEntry agent, FetchContext context, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<ListingPage> GetListingPageAsync(ListingsKey agent, ListingKind kind, int page, int distinctBefore, FetchContext context, CancellationToken cancellationToken)
        {
            Asked.Add(page);
            if ((stored ?? []).Contains(page))
            {
                return Task.FromResult(new ListingPage(page, 10, [new Listing(name, Listing.StatusSold, 1m, 1m, null, null, null, false, false, [])]));
            }

            throw missing switch
            {
                "integrity" => new RawIntegrityException("group failed verification"),
                "404" => new AgentNotFoundException("http_404", "not found"),
                _ => new RawDataMissingException("not stored"),
            };
        }
    }
}
