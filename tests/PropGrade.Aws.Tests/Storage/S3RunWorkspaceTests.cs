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
        Assert.Null(await workspace.ReadItemsAsync("run-1", CancellationToken.None));

        AgentWorkItem[] items = [new(884288, "07030"), new(17, null)];
        await workspace.SaveItemsAsync("run-1", items, CancellationToken.None);

        Assert.Equal(items, await workspace.ReadItemsAsync("run-1", CancellationToken.None));
        using var raw = await s3rver.S3.GetObjectAsync(bucket, "runs/run-1/items.json");
        using var reader = new StreamReader(raw.ResponseStream);
        Assert.Equal("[{\"advertiserId\":884288,\"market\":\"07030\"},{\"advertiserId\":17,\"market\":null}]", await reader.ReadToEndAsync());
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

        Assert.Equal([1L, 2L, 3L], results.Select(r => r.AdvertiserId));
        Assert.True(results[0].Complete);
        Assert.Equal(Samples.Result(2, "B"), results[1]);
    }
}
