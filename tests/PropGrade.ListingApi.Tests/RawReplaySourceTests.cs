using System.Runtime.CompilerServices;
using System.Text;
using PropGrade.Core.Audit;
using PropGrade.Core.Listings;
using PropGrade.ListingApi.Tests.Support;

namespace PropGrade.ListingApi.Tests;

public sealed class RawReplaySourceTests
{
    private static RawExchange Exchange(string url, string classification, int? status, string body) =>
        new("run-9", "profile", 1, null, 1, "GET", url, status, new Dictionary<string, string>(), Encoding.UTF8.GetBytes(body), DateTimeOffset.UnixEpoch, 1, classification, null);

    [Fact]
    public async Task GetListingPageAsync_StoredOkAfterRetry_MapsTheOkBody()
    {
        var url = "/agents/get-listings?fulfillment_id=11&type=forSold&page=1";
        var store = new MemoryStore(
            Exchange(url, "retry:malformed_body", 200, "{broken"),
            Exchange(url, "ok", 200, """{"matching_rows":1,"page":1,"page_size":10,"listings":[{"listing_id":"L","status":"sold","list_price":2,"sold_price":1,"sold_date":"2026-01-01"}]}"""));
        var replay = new RawReplaySource(store, "run-9");

        var page = await replay.GetListingPageAsync(11, ListingKind.ForSold, 1, TestClients.Context(new ListRecorder(), "sold"), CancellationToken.None);

        Assert.Equal("L", Assert.Single(page.Listings).ListingId);
    }

    [Fact]
    public async Task GetListingPageAsync_OnlyFailedAttemptsStored_ThrowsRawDataMissing()
    {
        var store = new MemoryStore(Exchange("/agents/get-listings?fulfillment_id=11&type=forSold&page=2", "retry:http_503", 503, "{}"));
        var replay = new RawReplaySource(store, "run-9");

        var ex = await Assert.ThrowsAsync<RawDataMissingException>(() => replay.GetListingPageAsync(11, ListingKind.ForSold, 2, TestClients.Context(new ListRecorder(), "sold"), CancellationToken.None));

        Assert.Equal("no_raw_data", ex.Reason);
        Assert.False(ex.StopsRun);
    }

    [Fact]
    public async Task GetProfileAsync_Stored404_ThrowsAgentNotFound()
    {
        var store = new MemoryStore(Exchange("/agents/get-profile?advertiser_id=5", "fail:http_404", 404, """{"message":"Agent not found"}"""));
        var replay = new RawReplaySource(store, "run-9");

        await Assert.ThrowsAsync<AgentNotFoundException>(() => replay.GetProfileAsync(5, TestClients.Context(new ListRecorder()), CancellationToken.None));
    }

    [Fact]
    public async Task DiscoverAgentsAsync_StoredPages_ReplaysAllPages()
    {
        var store = new MemoryStore(
            Exchange("/agents/list?postal_code=07030&offset=0&limit=20&sort=recently_sold_high", "ok", 200, """{"matching_rows":21,"agents":[{"advertiser_id":1,"fulfillment_id":2}]}"""),
            Exchange("/agents/list?postal_code=07030&offset=20&limit=20&sort=recently_sold_high", "ok", 200, """{"matching_rows":21,"agents":[{"advertiser_id":3,"fulfillment_id":4}]}"""));
        var replay = new RawReplaySource(store, "run-9");

        var ids = new List<long>();
        await foreach (var page in replay.DiscoverAgentsAsync("07030", TestClients.Context(new ListRecorder(), "discover", null), CancellationToken.None))
        {
            ids.AddRange(page.Agents.Select(a => a.AdvertiserId));
        }

        Assert.Equal([1L, 3L], ids);
    }

    /// <summary>The exchanges, each committed as its own group of a <see cref="MemoryRawStore"/> (the real format and manifest).</summary>
    private sealed class MemoryStore(params RawExchange[] exchanges) : IRawStore
    {
        private readonly MemoryRawStore _inner = new(exchanges);

        public IRawGroupWriter OpenGroup(string runId, string groupKey) => throw new NotSupportedException();

        public IAsyncEnumerable<RawExchange> ReadAsync(string runId, CancellationToken cancellationToken) => _inner.ReadAsync(runId, cancellationToken);

        public IAsyncEnumerable<RawGroup> ReadGroupsAsync(string runId, CancellationToken cancellationToken) => _inner.ReadGroupsAsync(runId, cancellationToken);

        public Task<byte[]?> ReadBytesAsync(string runId, string segment, long offset, int length, CancellationToken cancellationToken) =>
            _inner.ReadBytesAsync(runId, segment, offset, length, cancellationToken);

        public Task<string> FingerprintAsync(string runId, CancellationToken cancellationToken) => _inner.FingerprintAsync(runId, cancellationToken);
    }
}
