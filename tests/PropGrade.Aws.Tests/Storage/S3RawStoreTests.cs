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

    [Fact]
    public async Task CommitAsync_ThenManifestObjectNamesTheGroupsExactBytesAndSha256()
    {
        var bucket = await s3rver.CreateBucketAsync();
        var store = new S3RawStore(s3rver.S3, bucket);
        await CommitAsync(store, "run-4", "batch-0001/sold", 3);

        var stored = await GetAsync(bucket, "runs/run-4/raw/batch-0001/sold.jsonl.gz");
        var manifest = RawManifest.Parse(await GetAsync(bucket, "runs/run-4/raw-manifest/batch-0001/sold.json"));

        var entry = Assert.Single(manifest).Entry!;
        Assert.Equal(new RawManifestEntry("batch-0001/sold.jsonl.gz", 0, stored.Length, "batch-0001/sold", 3, RawGroupDecoder.Sha256Hex(stored), entry.Agents), entry);
        Assert.Equal(["884288"], entry.Agents);
        var group = Assert.Single(await ReadGroupsAsync(store, "run-4"));
        Assert.Equal(RawGroupState.Verified, group.State);
    }

    [Fact]
    public async Task ReadGroupsAsync_ObjectRewrittenWithOtherPrices_RefusedByNameOthersVerified()
    {
        var bucket = await s3rver.CreateBucketAsync();
        var store = new S3RawStore(s3rver.S3, bucket);
        for (var batch = 1; batch <= 3; batch++)
        {
            await CommitAsync(store, "run-5", $"batch-000{batch}/sold", 2);
        }

        // A valid gzip JSON Lines object with its commit marker, every price x10: only the manifest can tell.
        var tampered = RawExchangeSerializer.SerializeGroup("batch-0002/sold", [
            Samples.Exchange("run-5", 1, "{\"sold_price\":5000000}"u8.ToArray()), Samples.Exchange("run-5", 2, "{\"sold_price\":5000000}"u8.ToArray())]);
        await s3rver.S3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest
        {
            BucketName = bucket,
            Key = "runs/run-5/raw/batch-0002/sold.jsonl.gz",
            InputStream = new MemoryStream(tampered),
            UseChunkEncoding = false,
        });

        var groups = await ReadGroupsAsync(store, "run-5");
        var read = await ToListAsync(store.ReadAsync("run-5", CancellationToken.None));

        var refused = Assert.Single(groups, g => g.State == RawGroupState.Failed);
        Assert.StartsWith("raw group batch-0002/sold in batch-0002/sold.jsonl.gz: sha256 mismatch", refused.Describe(), StringComparison.Ordinal);
        Assert.Equal(["batch-0001/sold", "batch-0003/sold"], groups.Where(g => g.State == RawGroupState.Verified).Select(g => g.Entry.Group));
        Assert.Equal(4, read.Count);
        Assert.DoesNotContain(read, e => e.Body.AsSpan().IndexOf("5000000"u8) >= 0);
    }

    [Fact]
    public async Task ReadGroupsAsync_RawObjectDeleted_RefusedAsMissing()
    {
        var bucket = await s3rver.CreateBucketAsync();
        var store = new S3RawStore(s3rver.S3, bucket);
        await CommitAsync(store, "run-6", "discover/07030", 1);
        await CommitAsync(store, "run-6", "discover/10011", 1);
        await s3rver.S3.DeleteObjectAsync(bucket, "runs/run-6/raw/discover/07030.jsonl.gz");

        var groups = await ReadGroupsAsync(store, "run-6");

        Assert.Equal((RawGroupState.Failed, RawIntegrityCodes.Missing), (groups[0].State, groups[0].Failure!.Code));
        Assert.Equal("discover/07030", groups[0].Entry.Group);
        Assert.Equal(RawGroupState.Verified, groups[1].State);
    }

    [Fact]
    public async Task ReadGroupsAsync_RunWithoutManifestObjects_ReadsEveryObjectUnverified()
    {
        var bucket = await s3rver.CreateBucketAsync();
        var store = new S3RawStore(s3rver.S3, bucket);
        await CommitAsync(store, "run-7", "batch-0001/sold", 2);
        await CommitAsync(store, "run-7", "batch-0002/sold", 1);
        await foreach (var o in new S3ObjectClient(s3rver.S3, bucket).ListAsync("runs/run-7/raw-manifest/", CancellationToken.None))
        {
            await s3rver.S3.DeleteObjectAsync(bucket, o.Key);
        }

        var groups = await ReadGroupsAsync(store, "run-7");

        Assert.Equal(2, groups.Count);
        Assert.All(groups, g => Assert.Equal(RawGroupState.Unverified, g.State));
        Assert.Equal(3, (await ToListAsync(store.ReadAsync("run-7", CancellationToken.None))).Count);
    }

    [Fact]
    public async Task ReadGroupsAsync_RawObjectWithoutManifestObjectInAManifestedRun_IsNotRead()
    {
        var bucket = await s3rver.CreateBucketAsync();
        var store = new S3RawStore(s3rver.S3, bucket);
        await CommitAsync(store, "run-8", "batch-0001/sold", 2);

        // A commit cut between the object's PUT and its manifest's PUT: never acknowledged.
        await new S3ObjectClient(s3rver.S3, bucket).PutAsync("runs/run-8/raw/batch-0002/sold.jsonl.gz",
            RawExchangeSerializer.SerializeGroup("batch-0002/sold", [Samples.Exchange("run-8", 1, [9])]), "application/gzip", CancellationToken.None);

        var groups = await ReadGroupsAsync(store, "run-8");

        Assert.Equal("batch-0001/sold", Assert.Single(groups).Entry.Group);
    }

    [Fact]
    public async Task ReadBytesAsync_ManifestedObject_ReturnsTheBytesTheManifestHashes()
    {
        var bucket = await s3rver.CreateBucketAsync();
        var store = new S3RawStore(s3rver.S3, bucket);
        await CommitAsync(store, "run-9", "discover/07030", 2);
        var entry = Assert.Single(await ReadGroupsAsync(store, "run-9")).Entry;
        var fingerprint = await store.FingerprintAsync("run-9", CancellationToken.None);

        var bytes = await store.ReadBytesAsync("run-9", entry.Segment, entry.Offset, entry.Length, CancellationToken.None);
        await CommitAsync(store, "run-9", "discover/10011", 1);

        Assert.Equal(RawGroupState.Verified, RawGroupDecoder.Verify(entry, bytes!).State);
        Assert.Null(await store.ReadBytesAsync("run-9", "discover/99999.jsonl.gz", 0, 10, CancellationToken.None));
        Assert.NotEqual(fingerprint, await store.FingerprintAsync("run-9", CancellationToken.None));
    }

    private static async Task CommitAsync(S3RawStore store, string runId, string groupKey, int exchanges)
    {
        await using var group = store.OpenGroup(runId, groupKey);
        for (var i = 1; i <= exchanges; i++)
        {
            group.Record(Samples.Exchange(runId, i, System.Text.Encoding.UTF8.GetBytes($"{{\"sold_price\":500000,\"n\":{i}}}")));
        }

        await group.CommitAsync(CancellationToken.None);
    }

    private async Task<byte[]> GetAsync(string bucket, string key) =>
        (await new S3ObjectClient(s3rver.S3, bucket).GetBytesAsync(key, CancellationToken.None))!;

    private static async Task<List<RawGroup>> ReadGroupsAsync(S3RawStore store, string runId)
    {
        var list = new List<RawGroup>();
        await foreach (var group in store.ReadGroupsAsync(runId, CancellationToken.None))
        {
            list.Add(group);
        }

        return list;
    }
}
