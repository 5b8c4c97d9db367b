using Amazon.S3;
using PropGrade.Aws;

namespace PropGrade.Aws.Tests.Peers;

/// <summary>One s3rver on 127.0.0.1 (a temp data folder) per test class; <see cref="CreateBucketAsync"/> gives each test its own bucket.</summary>
public sealed class S3rverFixture : IAsyncLifetime
{
    private readonly string directory = Directory.CreateTempSubdirectory("propgrade-s3rver-").FullName;
    private PeerProcess? peer;
    private int buckets;

    public IAmazonS3 S3 { get; private set; } = null!;

    public Uri ServiceUrl => new(peer!.Url);

    public async Task InitializeAsync()
    {
        peer = await PeerProcess.StartAsync("s3rver", port => ["-d", directory, "-a", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--silent"], directory);
        S3 = AwsClientFactory.CreateS3(new AwsClientOptions { S3ServiceUrl = ServiceUrl });
    }

    public async Task<string> CreateBucketAsync()
    {
        var name = $"test-bucket-{Interlocked.Increment(ref buckets)}";
        await S3.PutBucketAsync(name);
        return name;
    }

    public Task DisposeAsync()
    {
        S3?.Dispose();
        peer?.Dispose();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }

        return Task.CompletedTask;
    }
}
