using System.Net;
using System.Web;
using Amazon.Runtime;
using Amazon.S3.Model;
using Microsoft.Extensions.Time.Testing;
using PropGrade.Aws;
using PropGrade.Aws.Storage;
using PropGrade.Aws.Tests.Peers;

namespace PropGrade.Aws.Tests.Storage;

[Trait("Category", "Integration")]
public sealed class S3ExportStoreTests(S3rverFixture s3rver) : IClassFixture<S3rverFixture>
{
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task WriteAsync_ThenOpenReadAsync_IsByteIdentical()
    {
        var bucket = await s3rver.CreateBucketAsync();
        var store = new S3ExportStore(s3rver.S3, new S3ExportStoreOptions { Bucket = bucket, UseHttp = true }, TimeProvider.System);
        var xlsx = new byte[300_000];
        new Random(3).NextBytes(xlsx);

        await store.WriteAsync("run-1", "graded.xlsx", xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", CancellationToken.None);
        await using var read = await store.OpenReadAsync("run-1", "graded.xlsx", CancellationToken.None);

        Assert.NotNull(read);
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal(xlsx, copy.ToArray());
        Assert.Null(await store.OpenReadAsync("run-1", "missing.csv", CancellationToken.None));
    }

    [Fact]
    public async Task WriteStreamAsync_SmallFile_UploadsItAndLeavesNoTempFile()
    {
        var bucket = await s3rver.CreateBucketAsync();
        var temp = Directory.CreateTempSubdirectory("pg-s3exp-").FullName;
        try
        {
            var store = new S3ExportStore(s3rver.S3, new S3ExportStoreOptions { Bucket = bucket, UseHttp = true, TempDirectory = temp }, TimeProvider.System);
            var csv = "advertiser_id,name\n884288,Thomas\n"u8.ToArray();

            await store.WriteStreamAsync("run-4", "graded.csv", "text/csv", (stream, ct) => stream.WriteAsync(csv, ct).AsTask(), CancellationToken.None);

            Assert.Equal(csv, await ReadAsync(store, "run-4", "graded.csv"));
            Assert.Empty(Directory.GetFileSystemEntries(temp));
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    [Fact]
    public async Task WriteStreamAsync_LargerThanAPart_UploadsMultipartByteIdentical()
    {
        var bucket = await s3rver.CreateBucketAsync();
        using var s3 = AwsClientFactory.CreateS3(new AwsClientOptions { S3ServiceUrl = s3rver.ServiceUrl });
        var parts = 0;
        ((AmazonServiceClient)s3).BeforeRequestEvent += (_, e) =>
        {
            if (e is WebServiceRequestEventArgs { Request: UploadPartRequest })
            {
                Interlocked.Increment(ref parts);
            }
        };
        var store = new S3ExportStore(s3, new S3ExportStoreOptions { Bucket = bucket, UseHttp = true, PartSize = S3ObjectClient.MinPartSize }, TimeProvider.System);
        var xlsx = new byte[(int)(2.4 * S3ObjectClient.MinPartSize)];
        new Random(5).NextBytes(xlsx);

        await store.WriteStreamAsync("run-5", "graded.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", async (stream, ct) =>
        {
            for (var offset = 0; offset < xlsx.Length; offset += 100_000)
            {
                await stream.WriteAsync(xlsx.AsMemory(offset, Math.Min(100_000, xlsx.Length - offset)), ct);
            }
        }, CancellationToken.None);

        Assert.Equal(3, parts);
        Assert.Equal(xlsx, await ReadAsync(store, "run-5", "graded.xlsx"));
        var link = Assert.Single(await store.GetLinksAsync("run-5", CancellationToken.None));
        Assert.Equal(xlsx.Length, link.SizeBytes);
    }

    [Fact]
    public async Task WriteStreamAsync_CanceledDuringTheParts_AbortsTheUploadAndLeavesNoObject()
    {
        var bucket = await s3rver.CreateBucketAsync();
        var temp = Directory.CreateTempSubdirectory("pg-s3exp-").FullName;
        try
        {
            using var s3 = AwsClientFactory.CreateS3(new AwsClientOptions { S3ServiceUrl = s3rver.ServiceUrl });
            using var cancel = new CancellationTokenSource();
            int parts = 0, completes = 0, aborts = 0;
            ((AmazonServiceClient)s3).BeforeRequestEvent += (_, e) =>
            {
                switch ((e as WebServiceRequestEventArgs)?.Request)
                {
                    case UploadPartRequest when Interlocked.Increment(ref parts) == 2:
                        cancel.Cancel(); // the second part's request goes out with a canceled token
                        break;
                    case CompleteMultipartUploadRequest:
                        Interlocked.Increment(ref completes);
                        break;
                    case AbortMultipartUploadRequest:
                        Interlocked.Increment(ref aborts);
                        break;
                }
            };
            var store = new S3ExportStore(s3, new S3ExportStoreOptions { Bucket = bucket, UseHttp = true, PartSize = S3ObjectClient.MinPartSize, TempDirectory = temp }, TimeProvider.System);
            var xlsx = new byte[(int)(2.4 * S3ObjectClient.MinPartSize)];
            new Random(7).NextBytes(xlsx);

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.WriteStreamAsync(
                "run-7", "graded.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (stream, ct) => stream.WriteAsync(xlsx, ct).AsTask(), cancel.Token));

            Assert.Equal(2, parts);
            Assert.Equal(0, completes);
            Assert.Equal(1, aborts);
            Assert.Null(await store.OpenReadAsync("run-7", "graded.xlsx", CancellationToken.None));
            Assert.Empty(Directory.GetFileSystemEntries(temp));
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    [Fact]
    public async Task WriteStreamAsync_WriterThrows_UploadsNothingAndLeavesNoTempFile()
    {
        var bucket = await s3rver.CreateBucketAsync();
        var temp = Directory.CreateTempSubdirectory("pg-s3exp-").FullName;
        try
        {
            var store = new S3ExportStore(s3rver.S3, new S3ExportStoreOptions { Bucket = bucket, UseHttp = true, TempDirectory = temp }, TimeProvider.System);

            await Assert.ThrowsAsync<IOException>(() => store.WriteStreamAsync("run-6", "graded.xlsx", "x", async (stream, ct) =>
            {
                await stream.WriteAsync(new byte[10_000], ct);
                throw new IOException("writer failed");
            }, CancellationToken.None));

            Assert.Null(await store.OpenReadAsync("run-6", "graded.xlsx", CancellationToken.None));
            Assert.Empty(await store.GetLinksAsync("run-6", CancellationToken.None));
            Assert.Empty(Directory.GetFileSystemEntries(temp));
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    [Fact]
    public async Task GetLinksAsync_PresignedLinkDownloadsTheExport_AndExpiresWithin15Minutes()
    {
        var bucket = await s3rver.CreateBucketAsync();
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var store = new S3ExportStore(s3rver.S3, new S3ExportStoreOptions { Bucket = bucket, UseHttp = true }, time);
        var csv = "advertiser_id,fulfillment_id,name\n884288,3008890,Thomas D'Alcamo\n"u8.ToArray();
        await store.WriteAsync("run-2", "graded.csv", csv, "text/csv", CancellationToken.None);
        await store.WriteAsync("run-2", "summary.json", "{}"u8.ToArray(), "application/json", CancellationToken.None);

        var links = await store.GetLinksAsync("run-2", CancellationToken.None);

        Assert.Equal(["graded.csv", "summary.json"], links.Select(l => l.Name));
        var link = links[0];
        Assert.Equal(csv.Length, link.SizeBytes);
        Assert.InRange(link.ExpiresAt!.Value, time.GetUtcNow() + TimeSpan.FromMinutes(14), time.GetUtcNow() + TimeSpan.FromMinutes(15));
        var query = HttpUtility.ParseQueryString(new Uri(link.Url).Query);
        Assert.InRange(int.Parse(query["X-Amz-Expires"]!, System.Globalization.CultureInfo.InvariantCulture), 1, 900);
        Assert.Equal(csv, await Http.GetByteArrayAsync(link.Url));
    }

    [Fact]
    public async Task GetLinksAsync_LinkStopsWorkingAfterExpiry()
    {
        var bucket = await s3rver.CreateBucketAsync();
        var store = new S3ExportStore(
            s3rver.S3, new S3ExportStoreOptions { Bucket = bucket, UseHttp = true, LinkLifetime = TimeSpan.FromSeconds(1) }, TimeProvider.System);
        await store.WriteAsync("run-3", "graded.csv", "a,b\n"u8.ToArray(), "text/csv", CancellationToken.None);
        var url = (await store.GetLinksAsync("run-3", CancellationToken.None)).Single().Url;
        // The SDK rounds the seconds left up: a 1-second link is signed for 1 or 2 seconds.
        Assert.InRange(int.Parse(HttpUtility.ParseQueryString(new Uri(url).Query)["X-Amz-Expires"]!, System.Globalization.CultureInfo.InvariantCulture), 1, 2);

        // S3's clock decides, so the wait ends on its answer (a link that works answers 200, the same link once expired
        // 403 "expired"), asked every 100 ms until it changes (1-2 s); the deadline only bounds the wait.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        HttpStatusCode status;
        string body;
        do
        {
            using var answer = await Http.GetAsync(url, deadline.Token);
            status = answer.StatusCode;
            body = await answer.Content.ReadAsStringAsync(deadline.Token);
            Assert.True(status is HttpStatusCode.OK or HttpStatusCode.Forbidden, $"{status}: {body}");
            if (status == HttpStatusCode.OK)
            {
                await Task.Delay(100, deadline.Token); // poll interval between two real answers
            }
        }
        while (status == HttpStatusCode.OK);

        Assert.Contains("expired", body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Options_LinksLongerThan15Minutes_AreRejected()
    {
        var options = new S3ExportStoreOptions { Bucket = "b", LinkLifetime = TimeSpan.FromMinutes(16) };
        Assert.Throws<ArgumentOutOfRangeException>(() => options.Validate());
    }

    [Fact]
    public void Options_PartsSmallerThan5MiB_AreRejected()
    {
        var options = new S3ExportStoreOptions { Bucket = "b", PartSize = S3ObjectClient.MinPartSize - 1 };
        Assert.Throws<ArgumentOutOfRangeException>(() => options.Validate());
    }

    private static async Task<byte[]> ReadAsync(S3ExportStore store, string runId, string name)
    {
        await using var read = await store.OpenReadAsync(runId, name, CancellationToken.None);
        Assert.NotNull(read);
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        return copy.ToArray();
    }
}
