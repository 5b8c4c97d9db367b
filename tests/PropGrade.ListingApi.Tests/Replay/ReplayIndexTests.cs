using System.Text;
using System.Text.RegularExpressions;
using PropGrade.Core.Audit;
using PropGrade.Core.Listings;
using PropGrade.ListingApi.Replay;
using PropGrade.ListingApi.Tests.Support;

namespace PropGrade.ListingApi.Tests.Replay;

/// <summary>The replay's on-disk index: same answers as reading every record in order, reuse, rebuild, integrity.</summary>
public sealed partial class ReplayIndexTests
{
    private const string RunId = "run-7";

    private static RawExchange Exchange(long agent, int page, string classification, int? status, string body) => new(
        RunId, "sold", Id(agent), page, 1, "GET", Url(agent, page), status, new Dictionary<string, string>(), Encoding.UTF8.GetBytes(body),
        DateTimeOffset.UnixEpoch, 1, classification, null);

    private static string Id(long agent) => agent.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static ListingsKey Key(long agent) => new(Id(agent), "NJMLS", "M" + Id(agent));

    private static string Url(long agent, int page) => $"/agents/get-listings?fulfillment_id={agent}&id=NJMLS&agent_id=M{agent}&type=forSold&page={page}";

    private static string Page(int page, string listingId, long price) =>
        $$$"""{"data":{"forSold":{"total":100,"count":1,"results":[{"listing_id":"{{{listingId}}}","status":"sold","list_price":{{{price}}},"description":{"sold_price":{{{price}}},"sold_date":"2026-01-01"}}]} } }""";

    private static FetchContext Context(long agent) => TestClients.Context(new ListRecorder(), "sold", Id(agent));

    private static Task<ListingPage> PageAsync(RawReplaySource replay, long agent, int page) =>
        replay.GetListingPageAsync(Key(agent), ListingKind.ForSold, page, 0, Context(agent), CancellationToken.None);

    /// <summary>Agents 1..n, one group each with pages 1..3 answered ok.</summary>
    private static MemoryRawStore Agents(int n)
    {
        var store = new MemoryRawStore();
        for (var agent = 1; agent <= n; agent++)
        {
            store.Commit($"agents-{agent:D4}", [.. Enumerable.Range(1, 3).Select(p => Exchange(agent, p, "ok", 200, Page(p, $"L{agent}-{p}", 500_000)))]);
        }

        return store;
    }

    [Theory]
    [InlineData(1 << 18)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task GetListingPageAsync_UrlStoredInSeveralGroups_LastOkWinsAndA404NeverReplacesAnOk(int sortChunk)
    {
        using var store = new MemoryRawStore();
        store.Commit("a", Exchange(1, 1, "ok", 200, Page(1, "FIRST", 1)), Exchange(2, 1, "fail:http_404", 404, """{"message":"first"}"""));
        store.Commit("b", Exchange(1, 1, "fail:http_404", 404, "{}"), Exchange(2, 1, "fail:http_400", 400, """{"message":"second"}"""));
        store.Commit("c", Exchange(1, 1, "ok", 200, Page(1, "LAST", 1)), Exchange(1, 2, "retry:http_503", 503, "{}"));
        store.Commit("d", Exchange(1, 1, "fail:http_404", 404, "{}"), Exchange(3, 1, "retry:malformed_body", 200, "{broken"), Exchange(3, 1, "ok", 200, Page(1, "L3", 1)));
        using var replay = new RawReplaySource(store, RunId, new RawReplayOptions { SortChunkEntries = sortChunk });

        Assert.Equal("LAST", Assert.Single((await PageAsync(replay, 1, 1)).Listings).ListingId);
        Assert.Equal("L3", Assert.Single((await PageAsync(replay, 3, 1)).Listings).ListingId);
        var refused = await Assert.ThrowsAsync<BadRequestApiException>(() => PageAsync(replay, 2, 1));
        Assert.Contains("second", refused.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<RawDataMissingException>(() => PageAsync(replay, 1, 2));
        Assert.Equal(3, await replay.CountAnswersAsync(CancellationToken.None));
    }

    [Fact]
    public async Task CountAnswersAsync_ManyUrlsSpilledInSmallChunks_AnswersEveryUrlLikeOneChunk()
    {
        using var store = Agents(200);
        using var spilled = new RawReplaySource(store, RunId, new RawReplayOptions { SortChunkEntries = 16, IndexDirectory = Path.Combine(store.IndexDirectory(RunId), "small") });
        using var whole = new RawReplaySource(store, RunId, new RawReplayOptions { IndexDirectory = Path.Combine(store.IndexDirectory(RunId), "whole") });

        Assert.Equal(600, await spilled.CountAnswersAsync(CancellationToken.None));
        Assert.Equal(await whole.IndexBytesAsync(CancellationToken.None), await spilled.IndexBytesAsync(CancellationToken.None));
        for (var agent = 1; agent <= 200; agent += 7)
        {
            for (var page = 1; page <= 3; page++)
            {
                Assert.Equal($"L{agent}-{page}", Assert.Single((await PageAsync(spilled, agent, page)).Listings).ListingId);
            }
        }
    }

    [Fact]
    public async Task Open_IndexBuiltBefore_ReusedWithoutReadingTheRawDataAgain()
    {
        using var store = Agents(20);
        using (var first = new RawReplaySource(store, RunId))
        {
            await PageAsync(first, 5, 2);
        }

        using var second = new RawReplaySource(store, RunId);
        await PageAsync(second, 6, 3);

        Assert.Equal(1, store.FullReads);
    }

    [Fact]
    public async Task Open_RawDataChangedSinceIndexed_RebuildsAndAnswersTheNewGroup()
    {
        using var store = Agents(5);
        using (var first = new RawReplaySource(store, RunId))
        {
            await PageAsync(first, 1, 1);
        }

        store.Commit("agents-late", Exchange(99, 1, "ok", 200, Page(1, "LATE", 1)));
        using var second = new RawReplaySource(store, RunId);

        Assert.Equal("LATE", Assert.Single((await PageAsync(second, 99, 1)).Listings).ListingId);
        Assert.Equal(2, store.FullReads);
    }

    [Fact]
    public async Task Open_CrashMidBuildLeftATornIndexAndTemporaryFiles_RebuildsAndRemovesThem()
    {
        using var store = Agents(30);
        var directory = store.IndexDirectory(RunId);
        using (var first = new RawReplaySource(store, RunId))
        {
            await PageAsync(first, 1, 1);
        }

        var index = Path.Combine(directory, ReplayIndexFile.FileName);
        var bytes = File.ReadAllBytes(index);
        File.WriteAllBytes(index, bytes[..(bytes.Length / 2)]);
        File.WriteAllBytes(index + ".tmp-deadbeef", bytes[..100]);
        File.WriteAllBytes(index + ".spill-deadbeef-0", bytes[..64]);

        using var second = new RawReplaySource(store, RunId);

        Assert.Equal("L30-3", Assert.Single((await PageAsync(second, 30, 3)).Listings).ListingId);
        Assert.Equal(2, store.FullReads);
        Assert.Equal(bytes.Length, new FileInfo(index).Length);
        Assert.Equal([ReplayIndexFile.FileName, ReplayIndexFile.FileName + ".lock"], Directory.GetFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Open_BuildFailsPartWay_NextRequestBuildsAgainAndAnswers()
    {
        using var store = Agents(10);
        store.ThrowAfterGroups = 4;
        using var replay = new RawReplaySource(store, RunId);

        await Assert.ThrowsAsync<IOException>(() => PageAsync(replay, 2, 1));
        store.ThrowAfterGroups = null;

        Assert.Equal("L9-1", Assert.Single((await PageAsync(replay, 9, 1)).Listings).ListingId);
        Assert.Equal([ReplayIndexFile.FileName, ReplayIndexFile.FileName + ".lock"], Directory.GetFiles(store.IndexDirectory(RunId)).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task GetListingPageAsync_GroupWithPricesRewritten_RefusedByNameOthersServed()
    {
        using var store = Agents(6);
        store.Replace(2, TimesTen(store.BytesOf(2), store.EntryOf(2).Group));
        using var replay = new RawReplaySource(store, RunId);

        var refused = await Assert.ThrowsAsync<RawIntegrityException>(() => PageAsync(replay, 3, 1));
        var served = await PageAsync(replay, 4, 1);
        var report = replay.EndReplay()!;

        Assert.Equal(RawIntegrityCodes.RawIntegrity, refused.Reason);
        Assert.False(refused.StopsRun);
        Assert.Contains("raw group agents-0003 in g000002.jsonl.gz: sha256 mismatch", refused.Message, StringComparison.Ordinal);
        Assert.Equal(500_000m, Assert.Single(served.Listings).SoldPrice);
        var failure = Assert.Single(report.Failures);
        Assert.Equal(("agents-0003", RawIntegrityCodes.Sha256Mismatch), (failure.Group, failure.Code));
        Assert.Equal(["3"], failure.Agents);
        Assert.Equal(5, report.GroupsVerified);
    }

    [Fact]
    public async Task GetListingPageAsync_AgentWithDataInARefusedGroupAndAnIntactOne_Refused()
    {
        using var store = Agents(3);
        store.Commit("agents-retry", Exchange(2, 1, "ok", 200, Page(1, "AGAIN", 1)), Exchange(2, 4, "ok", 200, Page(4, "L2-4", 1)));
        store.Replace(1, TimesTen(store.BytesOf(1), store.EntryOf(1).Group));
        using var replay = new RawReplaySource(store, RunId);

        var refused = await Assert.ThrowsAsync<RawIntegrityException>(() => PageAsync(replay, 2, 4));

        Assert.Contains("agent 2", refused.Message, StringComparison.Ordinal);
        Assert.Contains("agents-0002", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetListingPageAsync_GroupChangedAfterIndexing_RefusedOnReadAndReported()
    {
        using var store = Agents(4);
        using var replay = new RawReplaySource(store, RunId);
        await PageAsync(replay, 1, 1);
        replay.EndReplay();
        var flipped = store.BytesOf(3).ToArray();
        for (var i = 0; i < 16; i++)
        {
            flipped[(flipped.Length / 2) + i] ^= 0xFF;
        }

        store.Replace(3, flipped);

        var refused = await Assert.ThrowsAsync<RawIntegrityException>(() => PageAsync(replay, 4, 2));
        var report = replay.EndReplay()!;

        Assert.Equal(1, store.FullReads);
        Assert.Contains("raw group agents-0004", refused.Message, StringComparison.Ordinal);
        Assert.Equal("agents-0004", Assert.Single(report.Failures).Group);
    }

    [Fact]
    public async Task GetListingPageAsync_MissingAnswerWhileAGroupIsRefused_RefusedAsRawIntegrityNotNoRawData()
    {
        using var store = Agents(3);
        store.Replace(0, store.BytesOf(0)[..^20]);
        using var replay = new RawReplaySource(store, RunId);

        var refused = await Assert.ThrowsAsync<RawIntegrityException>(() => PageAsync(replay, 1, 1));

        Assert.Contains("raw group agents-0001 in g000000.jsonl.gz: sha256 mismatch (the object holds", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetListingPageAsync_NoManifest_ServesEveryAnswerAndReportsUnverified()
    {
        using var store = Agents(4);
        store.WithManifest = false;
        using var replay = new RawReplaySource(store, RunId);

        var page = await PageAsync(replay, 4, 3);
        var report = replay.EndReplay()!;

        Assert.Equal("L4-3", Assert.Single(page.Listings).ListingId);
        Assert.Equal((0, 4), (report.GroupsVerified, report.GroupsUnverified));
        Assert.Contains(RawIntegrityCodes.RawUnverified, report.Summary(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EndReplay_AfterGrading_ReleasesTheCacheAndALaterRequestReopens()
    {
        using var store = Agents(8);
        using var replay = new RawReplaySource(store, RunId);
        await PageAsync(replay, 1, 1);

        var report = replay.EndReplay();
        var again = await PageAsync(replay, 8, 2);

        Assert.NotNull(report);
        Assert.True(report.IsClean);
        Assert.Equal("L8-2", Assert.Single(again.Listings).ListingId);
        Assert.Equal(1, store.FullReads);
        Assert.Null(new RawReplaySource(store, RunId).EndReplay());
    }

    private static byte[] TimesTen(byte[] member, string group)
    {
        var read = RawGroupDecoder.ReadUnverified("x.jsonl.gz", 0, member);
        var changed = read.Exchanges()
            .Select(e => e with { Body = Encoding.UTF8.GetBytes(Price().Replace(Encoding.UTF8.GetString(e.Body), m => m.Value + "0")) })
            .ToArray();
        return RawExchangeSerializer.SerializeGroup(group, changed);
    }

    [GeneratedRegex("\"sold_price\":[0-9]+")]
    private static partial Regex Price();
}
