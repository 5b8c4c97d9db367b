using System.Text;
using PropGrade.Core.Audit;
using PropGrade.Core.Listings;
using PropGrade.ListingApi.Tests.Support;
using Xunit.Abstractions;

namespace PropGrade.ListingApi.Tests.Replay;

[CollectionDefinition(nameof(ReplayMemoryTests), DisableParallelization = true)]
public sealed class ReplayMemoryCollection;

/// <summary>
/// What a replay keeps alive: not the bodies. Measured as managed memory still reachable (after full collections)
/// while the source is alive, once every stored answer has been served; alone in its collection so that no other test
/// allocates meanwhile. The figures are printed; the bound is the group cache plus a twentieth of the bodies (a dictionary of them held all).
/// </summary>
[Collection(nameof(ReplayMemoryTests))]
public sealed class ReplayMemoryTests(ITestOutputHelper output)
{
    private const int Groups = 1_500;
    private const int PagesPerGroup = 4;
    private const int BodyBytes = 8_000;

    [Fact]
    public async Task Replay_ServingEveryStoredAnswer_KeepsNoBodiesAliveAndFreesTheCacheAtTheEnd()
    {
        using var store = new MemoryRawStore();
        var random = new Random(3);
        for (var agent = 1; agent <= Groups; agent++)
        {
            store.Commit($"agents-{agent:D5}", [.. Enumerable.Range(1, PagesPerGroup).Select(page => Exchange(agent, page, random))]);
        }

        var bodies = (long)Groups * PagesPerGroup * BodyBytes;
        var before = Retained();
        var options = new RawReplayOptions { GroupCacheBytes = 4L << 20 };
        using var replay = new RawReplaySource(store, "run-m", options);
        for (var agent = 1; agent <= Groups; agent++)
        {
            for (var page = 1; page <= PagesPerGroup; page++)
            {
                var id = agent.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var served = await replay.GetListingPageAsync(new ListingsKey(id, "NJMLS", "M" + id), ListingKind.ForSold, page, 0, TestClients.Context(new ListRecorder(), "sold", id), CancellationToken.None);
                Assert.Equal($"L{agent}-{page}", Assert.Single(served.Listings).ListingId);
            }
        }

        var whileAlive = Retained() - before;
        replay.EndReplay();
        var afterEnd = Retained() - before;
        var indexBytes = await replay.IndexBytesAsync(CancellationToken.None);

        output.WriteLine($"{Groups * PagesPerGroup:N0} answers, {bodies / 1e6:0.0} MB of bodies: retained {whileAlive / 1e6:0.00} MB while serving, {afterEnd / 1e6:0.00} MB after EndReplay; index {indexBytes:N0} bytes");
        Assert.InRange(whileAlive, long.MinValue, options.GroupCacheBytes + (bodies / 20));
        Assert.InRange(afterEnd, long.MinValue, 2L << 20);
        GC.KeepAlive(replay);
    }

    private static RawExchange Exchange(int agent, int page, Random random)
    {
        var noise = new byte[BodyBytes * 3 / 4];
        random.NextBytes(noise);
        var body = $$"""{"data":{"forSold":{"total":100,"count":1,"results":[{"listing_id":"L{{agent}}-{{page}}","status":"sold","list_price":1,"description":{"sold_price":1,"sold_date":"2026-01-01"} }]} },"noise":"{{Convert.ToBase64String(noise)}}"}""";
        return new RawExchange("run-m", "sold", agent.ToString(System.Globalization.CultureInfo.InvariantCulture), page, 1, "GET", $"/agents/get-listings?fulfillment_id={agent}&id=NJMLS&agent_id=M{agent}&type=forSold&page={page}", 200,
            new Dictionary<string, string>(), Encoding.UTF8.GetBytes(body), DateTimeOffset.UnixEpoch, 1, "ok", null);
    }

    private static long Retained()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
