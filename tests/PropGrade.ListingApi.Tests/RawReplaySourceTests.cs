using System.Runtime.CompilerServices;
using System.Text;
using PropGrade.Core.Audit;
using PropGrade.Core.Listings;
using PropGrade.ListingApi.Tests.Support;

namespace PropGrade.ListingApi.Tests;

public sealed class RawReplaySourceTests
{
    private static readonly ListingsKey Agent11 = new("11", "NJMLS", "M11");

    private const string SoldUrl = "/agents/get-listings?fulfillment_id=11&id=NJMLS&agent_id=M11&type=forSold";

    private static RawExchange Exchange(string url, string classification, int? status, string body) =>
        new("run-9", "profile", "1", null, 1, "GET", url, status, new Dictionary<string, string>(), Encoding.UTF8.GetBytes(body), DateTimeOffset.UnixEpoch, 1, classification, null);

    [Fact]
    public async Task GetListingPageAsync_StoredOkAfterRetry_MapsTheOkBodyOfTheRevision2Url()
    {
        var url = SoldUrl + "&page=2";
        var store = new MemoryStore(
            Exchange(url, "retry:malformed_body", 200, "{broken"),
            Exchange(url, "ok", 200, """{"data":{"forSold":{"total":11,"count":1,"results":[{"listing_id":"L","status":"sold","list_price":2,"description":{"sold_price":1,"sold_date":"2026-01-01"}}]}}}"""));
        var replay = new RawReplaySource(store, "run-9");

        var page = await replay.GetListingPageAsync(Agent11, ListingKind.ForSold, 2, 10, TestClients.Context(new ListRecorder(), "sold"), CancellationToken.None);

        Assert.Equal("L", Assert.Single(page.Listings).ListingId);
        Assert.Equal((11, true, false), (page.Total, page.IsLast(11), page.IsLast(10)));
    }

    [Fact]
    public async Task GetListingPageAsync_Revision1UrlsOnly_ThrowsRawDataMissing()
    {
        var store = new MemoryStore(Exchange("/agents/get-listings?fulfillment_id=11&type=forSold&page=1", "ok", 200,
            """{"matching_rows":1,"page":1,"page_size":10,"listings":[]}"""));
        var replay = new RawReplaySource(store, "run-9");

        await Assert.ThrowsAsync<RawDataMissingException>(() => replay.GetListingPageAsync(Agent11, ListingKind.ForSold, 1, 0, TestClients.Context(new ListRecorder(), "sold"), CancellationToken.None));
    }

    [Fact]
    public async Task GetListingPageAsync_OnlyFailedAttemptsStored_ThrowsRawDataMissing()
    {
        var store = new MemoryStore(Exchange(SoldUrl + "&page=2", "retry:http_503", 503, "{}"));
        var replay = new RawReplaySource(store, "run-9");

        var ex = await Assert.ThrowsAsync<RawDataMissingException>(() => replay.GetListingPageAsync(Agent11, ListingKind.ForSold, 2, 10, TestClients.Context(new ListRecorder(), "sold"), CancellationToken.None));

        Assert.Equal("no_raw_data", ex.Reason);
        Assert.False(ex.StopsRun);
    }

    [Fact]
    public async Task GetProfileAsync_Stored404_ThrowsAgentNotFound()
    {
        var store = new MemoryStore(Exchange("/agents/get-profile?advertiser_id=5&nrds_id=n5", "fail:http_404", 404, """{"message":"Agent not found"}"""));
        var replay = new RawReplaySource(store, "run-9");

        await Assert.ThrowsAsync<AgentNotFoundException>(() => replay.GetProfileAsync(new RosterEntry("5", "n5"), TestClients.Context(new ListRecorder()), CancellationToken.None));
    }

    [Fact]
    public async Task GetAgentPageAsync_StoredPages_ReplaysEachOffsetWithTheStoredLimit()
    {
        var store = new MemoryStore(
            Exchange("/agents/list?postal_code=07030&offset=0&limit=20&sort=recently_sold_high&types=agent", "ok", 200, """{"matching_rows":21,"agents":[{"advertiser_id":1}]}"""),
            Exchange("/agents/list?postal_code=07030&offset=20&limit=20&sort=recently_sold_high&types=agent", "ok", 200, """{"matching_rows":21,"agents":[{"advertiser_id":"3"}]}"""));
        var replay = new RawReplaySource(store, "run-9");
        var context = TestClients.Context(new ListRecorder(), "discover", null);

        var first = await replay.GetAgentPageAsync("07030", 0, context, CancellationToken.None);
        var second = await replay.GetAgentPageAsync("07030", first.Limit, context, CancellationToken.None);

        Assert.Equal(20, first.Limit);
        Assert.Equal(["1", "3"], [.. first.Agents.Select(a => a.AdvertiserId), .. second.Agents.Select(a => a.AdvertiserId)]);
    }

    private sealed class MemoryStore(params RawExchange[] exchanges) : IRawStore
    {
        public IRawGroupWriter OpenGroup(string runId, string groupKey) => throw new NotSupportedException();

        public async IAsyncEnumerable<RawExchange> ReadAsync(string runId, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            foreach (var exchange in exchanges.Where(e => e.RunId == runId))
            {
                yield return exchange;
            }
        }
    }
}
