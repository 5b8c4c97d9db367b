using System.IO.Compression;
using PropGrade.Aws.Storage;
using PropGrade.Aws.Tests.Peers;
using PropGrade.Core.Audit;

namespace PropGrade.Aws.Tests.Storage;

[Trait("Category", "Integration")]
public sealed class S3RawStoreTests(S3rverFixture s3rver) : IClassFixture<S3rverFixture>
{
    [Fact]
    public async Task CommitAsync_ThenReadAsync_RoundTripsEveryExchangeByteIdentical()
    {
        var bucket = await s3rver.CreateBucketAsync();
        var store = new S3RawStore(s3rver.S3, bucket);
        var random = new Random(7);
        var malformed = new byte[4096];
        random.NextBytes(malformed); // not UTF-8, not JSON: kept exactly as received
        var json = "{\"agent\":{\"advertiser_id\":884288,\"person_name\":\"Thomas D'Alcamo \u00e9\"}}"u8.ToArray();

        await using (var group = store.OpenGroup("run-1", "batch-0001-sold"))
        {
            group.Record(Samples.Exchange("run-1", 1, malformed));
            group.Record(Samples.Exchange("run-1", 2, json));
            group.Record(Samples.Exchange("run-1", 3, []));
            await group.CommitAsync(CancellationToken.None);
        }

        var read = await ToListAsync(store.ReadAsync("run-1", CancellationToken.None));
        Assert.Equal(3, read.Count);
        Assert.Equal(malformed, read[0].Body);
        Assert.Equal(json, read[1].Body);
        Assert.Empty(read[2].Body);
        var expected = Samples.Exchange("run-1", 2, json);
        Assert.Equal(expected with { Body = [], ResponseHeaders = read[1].ResponseHeaders }, read[1] with { Body = [] });
        Assert.Equal(expected.ResponseHeaders, read[1].ResponseHeaders);
    }

    [Fact]
    public async Task CommitAsync_WritesOneGzipJsonLinesObjectUnderTheRunsRawKey()
    {
        var bucket = await s3rver.CreateBucketAsync();
        var store = new S3RawStore(s3rver.S3, bucket);
        await using (var group = store.OpenGroup("run-2", "discover/07030"))
        {
            group.Record(Samples.Exchange("run-2", 1, "{}"u8.ToArray()));
            group.Record(Samples.Exchange("run-2", 2, "{}"u8.ToArray()));
            await group.CommitAsync(CancellationToken.None);
        }

        using var response = await s3rver.S3.GetObjectAsync(bucket, "runs/run-2/raw/discover/07030.jsonl.gz");
        using var gzip = new GZipStream(response.ResponseStream, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var lines = (await reader.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.All(lines[..2], l => Assert.StartsWith("{\"runId\":\"run-2\"", l, StringComparison.Ordinal));
        Assert.Equal("{\"$commit\":\"discover/07030\",\"count\":2}", lines[2]);
    }

    [Fact]
    public async Task OpenGroup_DisposedWithoutCommit_LeavesNothing()
    {
        var bucket = await s3rver.CreateBucketAsync();
        var store = new S3RawStore(s3rver.S3, bucket);
        await using (var group = store.OpenGroup("run-3", "abandoned"))
        {
            group.Record(Samples.Exchange("run-3", 1, [1, 2, 3]));
        }

        await using (var kept = store.OpenGroup("run-3", "kept"))
        {
            kept.Record(Samples.Exchange("run-3", 1, [4]));
            await kept.CommitAsync(CancellationToken.None);
        }

        var read = await ToListAsync(store.ReadAsync("run-3", CancellationToken.None));
        Assert.Equal([4], Assert.Single(read).Body);
    }

    private static async Task<List<RawExchange>> ToListAsync(IAsyncEnumerable<RawExchange> source)
    {
        var list = new List<RawExchange>();
        await foreach (var item in source)
        {
            list.Add(item);
        }

        return list;
    }
}
