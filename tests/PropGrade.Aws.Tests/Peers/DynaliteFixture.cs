using Amazon.DynamoDBv2;
using PropGrade.Aws;
using PropGrade.Aws.Runs;

namespace PropGrade.Aws.Tests.Peers;

/// <summary>One in-memory dynalite on 127.0.0.1 per test class; <see cref="CreateRunsTableAsync"/> gives each test its own table.</summary>
public sealed class DynaliteFixture : IAsyncLifetime
{
    private PeerProcess? peer;
    private int tables;

    public IAmazonDynamoDB Dynamo { get; private set; } = null!;

    public Uri ServiceUrl => new(peer!.Url);

    public async Task InitializeAsync()
    {
        peer = await PeerProcess.StartAsync(
            "dynalite",
            port => ["--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"],
            Path.GetTempPath());
        Dynamo = AwsClientFactory.CreateDynamoDb(new AwsClientOptions { DynamoDbServiceUrl = new Uri(peer.Url) });
    }

    public async Task<string> CreateRunsTableAsync()
    {
        var name = $"runs-{Interlocked.Increment(ref tables)}";
        await DynamoRunStore.CreateTableAsync(Dynamo, name, CancellationToken.None);
        return name;
    }

    public Task DisposeAsync()
    {
        Dynamo?.Dispose();
        peer?.Dispose();
        return Task.CompletedTask;
    }
}
