using System.Collections.Concurrent;
using Amazon.DynamoDBv2;
using Amazon.S3;
using Microsoft.Extensions.Logging;
using PropGrade.Aws;
using PropGrade.Aws.Runs;
using PropGrade.Aws.Secrets;
using PropGrade.Aws.Storage;
using PropGrade.Core.Listings;
using PropGrade.Core.Runs;
using PropGrade.ListingApi;

namespace PropGrade.Functions.Hosting;

/// <summary>
/// The composition root of every function: the SDK clients, the stores, the run lifecycle (with the API key's lock),
/// the JSON logs and EMF metrics, and (for the API callers) the listing client with the key from the secrets extension —
/// one per worker rate, each with its own limiter, shared by the agents a worker has in flight. Built once per Lambda
/// container, at init.
/// </summary>
public sealed class FunctionHost : IDisposable
{
    private readonly ConcurrentDictionary<double, Lazy<ListingApiClient>> listingClients = new();
    private readonly Lazy<ExtensionSecretProvider> keyProvider;
    private readonly HttpClient extensionHttp = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly ILoggerFactory logging;
    private readonly bool ownsLogging;

    public FunctionHost(FunctionSettings settings, AwsClientOptions clients, TimeProvider time, ILoggerFactory? logging = null, TextWriter? metricsOutput = null)
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
        AgentsIndex = new S3RunAgentsIndex(new S3ObjectClient(S3, settings.WorkBucket), Path.Combine(Path.GetTempPath(), "propgrade-agents"), time);
        Leases = new DynamoLeaseStore(Dynamo, settings.RunsTable);
        KeyLock = new ApiKeyLock(Leases, settings.KeySource, TimeSpan.FromSeconds(settings.KeyLockTtlSeconds), time);
        ownsLogging = logging is null;
        this.logging = logging ?? FunctionLogging.Create();
        Metrics = new EmfMetrics(metricsOutput ?? Console.Out, time);
        Lifecycle = new RunLifecycle(
            Runs,
            Workspace,
            Exports,
            KeyLock,
            time,
            new RunLifecycleOptions { BreakerThreshold = settings.BreakerThreshold, AgentsIndex = AgentsIndex },
            this.logging.CreateLogger(FunctionLogging.RunsCategory));
        Launcher = new S3RunLauncher(Runs, S3, settings.WorkBucket, KeyLock, time, RunSource.ForApi(settings.ApiBaseUrl, settings.ApiHost));
        keyProvider = new(() => new ExtensionSecretProvider(extensionHttp, new ExtensionSecretProviderOptions
        {
            SecretId = settings.ApiKeySecretId ?? throw new InvalidOperationException("This function has no API key secret (PROPGRADE_API_KEY_SECRET_ID)."),
            SessionToken = settings.SessionToken ?? throw new InvalidOperationException("AWS_SESSION_TOKEN is not set."),
            Endpoint = settings.SecretsExtensionUrl,
        }, time));
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

        /// <summary>The leases (the API key's lock) in the runs table.</summary>
    public DynamoLeaseStore Leases { get; }

    /// <summary>One active run per API key, held by the run id.</summary>
    public ApiKeyLock KeyLock { get; }

    /// <summary>The one run lifecycle every handler calls.</summary>
    public RunLifecycle Lifecycle { get; }

    /// <summary>The EMF metrics writer (stdout).</summary>
    public EmfMetrics Metrics { get; }

    /// <summary>A logger of <paramref name="category"/> (JSON console).</summary>
    public ILogger Logger(string category) => logging.CreateLogger(category);

    /// <summary>The listing API at the plan's rate.</summary>
    public IListingSource ListingSource => Client(Settings.RequestsPerSecond);

    /// <summary>
    /// The listing client of a worker paced at <paramref name="requestsPerSecond"/> (created on first use, kept for the
    /// container's life: one limiter per worker, shared by its agents in flight, continuing across its invocations).
    /// </summary>
    public ListingApiClient Client(double requestsPerSecond)
    {
        var rate = requestsPerSecond > 0 ? Math.Round(requestsPerSecond, 3) : Settings.RequestsPerSecond;
        return listingClients.GetOrAdd(rate, r => new Lazy<ListingApiClient>(() =>
        {
            var options = new ListingApiOptions
            {
                BaseAddress = Settings.ApiBaseUrl,
                Host = Settings.ApiHost,
                RequestsPerSecond = r,
                // Strict pacing: a worker never bunches requests, and a new invocation starts with at most one at once.
                Burst = 1,
            };
            if (Settings.MaxRetryAttempts is { } retries)
            {
                options.MaxRetryAttempts = retries;
            }

            if (Settings.DiscoveryPageSize is { } pageSize)
            {
                options.DiscoveryPageSize = pageSize;
            }

            return new ListingApiClient(options, keyProvider.Value, Time);
        })).Value;
    }

    /// <summary>The process-wide host of a Lambda container, from its environment.</summary>
    public static FunctionHost FromEnvironment() => new(
        FunctionSettings.FromEnvironment(Environment.GetEnvironmentVariable),
        AwsClientOptions.FromEnvironment(Environment.GetEnvironmentVariable),
        TimeProvider.System);

    public void Dispose()
    {
        foreach (var client in listingClients.Values.Where(c => c.IsValueCreated))
        {
            client.Value.Dispose();
        }

        if (ownsLogging)
        {
            logging.Dispose();
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
