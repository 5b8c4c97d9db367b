using PropGrade.Aws.Storage;
using PropGrade.Aws.Tests.Peers;
using PropGrade.Core.Grading;
using PropGrade.Core.Runs;

namespace PropGrade.Aws.Tests.Storage;

[Trait("Category", "Integration")]
public sealed class S3RunWorkspaceTests(S3rverFixture s3rver) : IClassFixture<S3rverFixture>
{
    [Fact]
    public async Task SaveItemsAsync_WritesTheMapItemReaderJsonArray()
    {
        var bucket = await s3rver.CreateBucketAsync();
        var workspace = new S3RunWorkspace(s3rver.S3, bucket);
        Assert.Null(await workspace.CountItemsAsync("run-1", CancellationToken.None));
        Assert.Empty(await workspace.ReadItemsAsync("run-1", CancellationToken.None).ToListAsync());

        var profile = new Core.Listings.AgentProfile("884288", "Dana", "Office", new Core.Listings.AgentContact("512004417", null, null, null, null, null, null, null, null),
            [new Core.Listings.MlsMembership("ACTX", "ACT1", null, true)], new Core.Listings.ActivitySummary(3, 1m, 2m, null), Core.Listings.ActivitySummary.None, false, null);
        AgentWorkItem[] items = [new("884288", "07030", "512004417", profile), new("17", null, "n17")];
        Assert.Equal(2, await workspace.SaveItemsAsync("run-1", items.ToAsyncEnumerable(), CancellationToken.None));

        var back = await workspace.ReadItemsAsync("run-1", CancellationToken.None).ToListAsync();
        Assert.Equal(2, await workspace.CountItemsAsync("run-1", CancellationToken.None));
        Assert.Equal(items[1], back[1]);
        Assert.Equal(profile.PrimaryListingsKey(), back[0].Profile!.PrimaryListingsKey());
        using var raw = await s3rver.S3.GetObjectAsync(bucket, "runs/run-1/items.json");
        using var reader = new StreamReader(raw.ResponseStream);
        var json = await reader.ReadToEndAsync();
        Assert.StartsWith("[{\"advertiserId\":\"884288\",\"market\":\"07030\",\"nrdsId\":\"512004417\",\"profile\":{\"advertiserId\":\"884288\"", json, StringComparison.Ordinal);
        Assert.EndsWith("{\"advertiserId\":\"17\",\"market\":null,\"nrdsId\":\"n17\",\"profile\":null}]", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadLastMarketSliceAsync_SeveralSlices_IsTheHighestOffsetOnly_AndNullForAMarketWithNone()
    {
        var bucket = await s3rver.CreateBucketAsync();
        var workspace = new S3RunWorkspace(s3rver.S3, bucket);
        var profile = new Core.Listings.AgentProfile("884288", "Dana", "Office", new Core.Listings.AgentContact("512004417", null, null, null, null, null, null, null, null),
            [], Core.Listings.ActivitySummary.None, Core.Listings.ActivitySummary.None, false, null);
        Core.Stages.MarketSlice Slice(int offset, int? next) => new("07030", offset, [new Core.Listings.AgentPage(offset, 20, 2000, [profile])], 1, next, false, null);
        await workspace.SaveMarketSliceAsync("run-s", Slice(200, 1000), CancellationToken.None);
        await workspace.SaveMarketSliceAsync("run-s", Slice(1000, null), CancellationToken.None);
        await workspace.SaveMarketSliceAsync("run-s", Slice(0, 200), CancellationToken.None);

        var last = await workspace.ReadLastMarketSliceAsync("run-s", "07030", CancellationToken.None);
        var all = await workspace.ReadMarketSlicesAsync("run-s", "07030", CancellationToken.None);

        Assert.NotNull(last);
        Assert.Equal((1000, true), (last.Offset, last.Done));
        Assert.Equal("884288", Assert.Single(Assert.Single(last.Pages).Agents).AdvertiserId);
        Assert.Equal([0, 200, 1000], all.Select(s => s.Offset));
        Assert.Null(await workspace.ReadLastMarketSliceAsync("run-s", "90210", CancellationToken.None));
    }

    [Fact]
    public async Task SaveItemsAsync_LargerThanAPart_GoesUpInParts_ReadsBackInOrder_AndASecondSaveReplaces()
    {
        var bucket = await s3rver.CreateBucketAsync();
        var workspace = new S3RunWorkspace(s3rver.S3, bucket);
        // ~120 bytes an item: 100,000 items are ~12 MB, two parts of S3RunWorkspace.ItemsPartSize.
        var many = 100_000;

        var first = await workspace.SaveItemsAsync("run-3", Items(many, "a").ToAsyncEnumerable(), CancellationToken.None);
        var retried = await workspace.SaveItemsAsync("run-3", Items(many, "b").ToAsyncEnumerable(), CancellationToken.None);

        var back = await workspace.ReadItemsAsync("run-3", CancellationToken.None).ToListAsync();
        Assert.Equal((many, many), (first, retried));
        Assert.Equal(Items(many, "b"), back);
        Assert.Equal(many, await workspace.CountItemsAsync("run-3", CancellationToken.None));
        var size = (await s3rver.S3.GetObjectMetadataAsync(bucket, "runs/run-3/items.json")).ContentLength;
        Assert.True(size > S3RunWorkspace.ItemsPartSize, $"items.json is {size} bytes: one part only");
    }

    [Fact]
    public async Task SaveItemsAsync_SourceFailsAfterAPart_LeavesNoItemsObject()
    {
        var bucket = await s3rver.CreateBucketAsync();
        var workspace = new S3RunWorkspace(s3rver.S3, bucket);

        await Assert.ThrowsAsync<InvalidOperationException>(() => workspace.SaveItemsAsync("run-4", FailingAfter(100_000), CancellationToken.None));

        Assert.Null(await workspace.CountItemsAsync("run-4", CancellationToken.None));
    }

    private static List<AgentWorkItem> Items(int count, string tag) =>
        [.. Enumerable.Range(0, count).Select(i => new AgentWorkItem($"{i}", "07030", $"{tag}-nrds-{i:D12}-padding-to-make-an-item-longer"))];

    private static async IAsyncEnumerable<AgentWorkItem> FailingAfter(int count)
    {
        foreach (var item in Items(count, "x"))
        {
            yield return item;
        }

        await Task.Yield();
        throw new InvalidOperationException("market not discovered to the end");
    }

    [Fact]
    public async Task SaveResultsAsync_RetriedBatch_OverwritesAndNeverDuplicates()
    {
        var bucket = await s3rver.CreateBucketAsync();
        var workspace = new S3RunWorkspace(s3rver.S3, bucket);
        await workspace.SaveResultsAsync("run-2", "batch-1", [Samples.Result(1, "A", complete: false, stop: "http_503"), Samples.Result(2, "B")], CancellationToken.None);
        await workspace.SaveResultsAsync("run-2", "batch-2", [Samples.Result(3, "C")], CancellationToken.None);
        await workspace.SaveResultsAsync("run-2", "batch-1", [Samples.Result(1, "A"), Samples.Result(2, "B")], CancellationToken.None);

        var results = new List<AgentResult>();
        await foreach (var r in workspace.ReadResultsAsync("run-2", CancellationToken.None))
        {
            results.Add(r);
        }

        // Yielded as a stream, newest object first (no agent order): aggregation sorts on its own.
        results = [.. results.OrderBy(r => r.AdvertiserId, StringComparer.Ordinal)];
        Assert.Equal(["1", "2", "3"], results.Select(r => r.AdvertiserId));
        Assert.True(results[0].Complete);
        Assert.Equal(Samples.Result(2, "B") with { UnknownTypes = null }, results[1] with { UnknownTypes = null });
        Assert.Equal(Samples.Result(2, "B").Contact, results[1].Contact);
    }

    [Fact]
    public async Task ReadResultsAsync_AgentInSeveralObjects_TheLaterObjectWinsAcrossMoreObjectsThanAreReadAtOnce()
    {
        var bucket = await s3rver.CreateBucketAsync();
        var workspace = new S3RunWorkspace(s3rver.S3, bucket);
        var objects = S3RunWorkspace.ReadConcurrency * 2 + 3;
        for (var i = 0; i < objects; i++)
        {
            // Checkpoint keys sort in write order; each object repeats agent 1 (its last copy complete only in the last object).
            await workspace.SaveResultsAsync("run-3", $"batch-1-c{i:D4}",
                [Samples.Result(1, "A", complete: i == objects - 1, stop: i == objects - 1 ? "window_end" : "http_503"), Samples.Result(100 + i, "C")], CancellationToken.None);
        }

        var results = new List<AgentResult>();
        await foreach (var r in workspace.ReadResultsAsync("run-3", CancellationToken.None))
        {
            results.Add(r);
        }

        Assert.Equal(objects + 1, results.Count);
        Assert.Equal(results.Count, results.Select(r => r.AdvertiserId).Distinct().Count());
        Assert.True(results.Single(r => r.AdvertiserId == "1").Complete);
    }
}
