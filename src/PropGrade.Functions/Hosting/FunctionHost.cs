using Amazon.DynamoDBv2;
using Amazon.S3;
using PropGrade.Aws;
using PropGrade.Aws.Runs;
using PropGrade.Aws.Secrets;
using PropGrade.Aws.Storage;
using PropGrade.Core.Listings;
using PropGrade.Core.Runs;
using PropGrade.ListingApi;

namespace PropGrade.Functions.Hosting;

/// <summary>
/// The composition root of every function: the SDK clients, the stores and (for the API callers) the listing client
/// with the key from the secrets extension. Built once per Lambda container, at init.
/// </summary>
public sealed class FunctionHost : IDisposable
{
    private readonly Lazy<ListingApiClient> listingClient;
    private readonly Lazy<ExtensionSecretProvider> keyProvider;
    private readonly HttpClient extensionHttp = new() { Timeout = TimeSpan.FromSeconds(5) };

    public FunctionHost(FunctionSettings settings, AwsClientOptions clients, TimeProvider time)
    {
        Settings = settings ?? throw new ArgumentNullException(nameof(settings));
        ArgumentNullException.ThrowIfNull(clients);
        Time = time ?? throw new ArgumentNullException(nameof(time));
        S3 = AwsClientFactory.CreateS3(clients);
        Dynamo = AwsClientFactory.CreateDynamoDb(clients);
        Runs = new DynamoRunStore(Dynamo, settings.RunsTable);
        Workspace = new S3RunWorkspace(S3, settings.WorkBucket);
        RawStore = new S3RawStore(S3, settings.RawBucket);
        Exports = new S3ExportStore(S3, new S3ExportStoreOptions
        {
            Bucket = settings.ExportsBucket,
            LinkLifetime = TimeSpan.FromMinutes(settings.ExportLinkMinutes),
            UseHttp = clients.S3ServiceUrl?.Scheme == Uri.UriSchemeHttp,
        }, time);
        Launcher = new S3RunLauncher(Runs, S3, settings.WorkBucket, time, RunSource.ForApi(settings.ApiBaseUrl, settings.ApiHost));
        AgentsIndex = new S3RunAgentsIndex(new S3ObjectClient(S3, settings.WorkBucket), Path.Combine(Path.GetTempPath(), "propgrade-agents"), time);
        keyProvider = new(() => new ExtensionSecretProvider(extensionHttp, new ExtensionSecretProviderOptions
        {
            SecretId = settings.ApiKeySecretId ?? throw new InvalidOperationException("This function has no API key secret (PROPGRADE_API_KEY_SECRET_ID)."),
            SessionToken = settings.SessionToken ?? throw new InvalidOperationException("AWS_SESSION_TOKEN is not set."),
            Endpoint = settings.SecretsExtensionUrl,
        }, time));
        listingClient = new(() =>
        {
            var options = new ListingApiOptions
            {
                BaseAddress = settings.ApiBaseUrl,
                Host = settings.ApiHost,
                RequestsPerSecond = settings.RequestsPerSecond,
            };
            if (settings.MaxRetryAttempts is { } retries)
            {
                options.MaxRetryAttempts = retries;
            }

            return new ListingApiClient(options, keyProvider.Value, time);
        });
    }

    public FunctionSettings Settings { get; }

    public TimeProvider Time { get; }

    public IAmazonS3 S3 { get; }

    public IAmazonDynamoDB Dynamo { get; }

    public DynamoRunStore Runs { get; }

    public S3RunWorkspace Workspace { get; }

    public S3RawStore RawStore { get; }

    public S3ExportStore Exports { get; }

    public S3RunLauncher Launcher { get; }

    /// <summary>The runs' agents indexes (written by the aggregate step, read by the Runs Lambda from a /tmp copy).</summary>
    public S3RunAgentsIndex AgentsIndex { get; }

    /// <summary>The listing API (created on first use: only the API-calling functions pay for it).</summary>
    public IListingSource ListingSource => listingClient.Value;

    /// <summary>The process-wide host of a Lambda container, from its environment.</summary>
    public static FunctionHost FromEnvironment() => new(
        FunctionSettings.FromEnvironment(Environment.GetEnvironmentVariable),
        AwsClientOptions.FromEnvironment(Environment.GetEnvironmentVariable),
        TimeProvider.System);

    public void Dispose()
    {
        if (listingClient.IsValueCreated)
        {
            listingClient.Value.Dispose();
        }

        if (keyProvider.IsValueCreated)
        {
            keyProvider.Value.Dispose();
        }

        extensionHttp.Dispose();
        S3.Dispose();
        Dynamo.Dispose();
    }
}
