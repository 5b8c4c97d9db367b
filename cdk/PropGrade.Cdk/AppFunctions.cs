using Amazon.CDK;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.SecretsManager;
using Constructs;

namespace PropGrade.Cdk;

/// <summary>
/// The Lambda functions (one per state, plus the runs API and the quarterly trigger), all from the one published
/// <c>PropGrade.Functions</c> folder, on <c>dotnet10</c> / arm64 with X-Ray and JSON logs into their own log group
/// (retention set). Each gets exactly the actions and key prefixes its code calls (<see cref="GrantDataAccess"/>);
/// only the functions that call the listing API get the secret and the Parameters and Secrets extension.
/// </summary>
public sealed class AppFunctions : Construct
{
    /// <summary>Lambda's .NET 10 managed runtime (CDK 2.160 has no constant for it).</summary>
    public static readonly Runtime DotNet10 = new("dotnet10", RuntimeFamily.DOTNET_CORE);

    /// <summary>How long every log group of the stack keeps its events.</summary>
    public static readonly RetentionDays LogRetention = RetentionDays.THREE_MONTHS;

    /// <summary>Retries of an asynchronous invocation (EventBridge targets) before it goes to the dead-letter queue.</summary>
    public const int AsyncRetryAttempts = 2;

    private readonly Code code;
    private readonly Storage storage;
    private readonly PropGradeStackSettings settings;
    private readonly Operations operations;

    public AppFunctions(Construct scope, string id, PropGradeStackSettings settings, Storage storage, Operations operations)
        : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(operations);
        this.settings = settings;
        this.storage = storage;
        this.operations = operations;
        code = Code.FromAsset(settings.ResolveFunctionsAssetPath());

        // No literal value: Secrets Manager generates a placeholder; the operator puts the real key in after deploy.
        ApiKeySecret = new Secret(this, "ListingApiKey", new SecretProps
        {
            Description = "PropGrade: the listing API key (X-RapidAPI-Key). Put the real value in after deploy.",
        });

        // The listing-API callers: discovery and grading workers. They wait on the API's rate, not the CPU: small memory,
        // long timeouts, and each invocation stops itself before its timeout (budget = timeout − margin).
        DiscoverMarket = Create("DiscoverMarket", HandlerNames.DiscoverMarket, settings.WorkerMemoryMb, settings.DiscoveryTimeoutSeconds, callsApi: true, budgeted: true);
        GradeBatch = Create("GradeBatch", HandlerNames.GradeBatch, settings.WorkerMemoryMb, settings.WorkerTimeoutSeconds, callsApi: true, budgeted: true);
        StartRun = Create("StartRun", HandlerNames.StartRun, 512, 60, callsApi: false);
        // FinishDiscovery streams items.json up in parts (one market's slices and the ids seen held, not the items).
        // Aggregate streams the results into an external sort whose sorted runs spill to /tmp (~1 KB a row) next to the
        // agents index being written (~1 KB a row): 4 GB of ephemeral storage holds a million agents twice over; its
        // memory is for the CPU share (PropGradeStackSettings.AggregateMemoryMb).
        FinishDiscovery = Create("FinishDiscovery", HandlerNames.FinishDiscovery, settings.FinishDiscoveryMemoryMb, 900, callsApi: false);
        RecordBatchFailure = Create("RecordBatchFailure", HandlerNames.RecordBatchFailure, 512, 60, callsApi: false);
        Aggregate = Create("Aggregate", HandlerNames.Aggregate, settings.AggregateMemoryMb, 900, callsApi: false, ephemeralMb: 4096);
        RunFailed = Create("RunFailed", HandlerNames.RunFailed, 256, 30, callsApi: false);
        RunsApi = Create("RunsApi", HandlerNames.RunsApi, 512, 29, callsApi: false);
        // Invoked asynchronously by EventBridge: failed invocations end in the dead-letter queue.
        Schedule = Create("ScheduledRun", HandlerNames.Schedule, 512, 30, callsApi: false, invokedAsync: true);
        ExecutionStatus = Create("ExecutionStatus", HandlerNames.ExecutionStatus, 256, 30, callsApi: false, invokedAsync: true);

        GrantDataAccess();
    }

    public Secret ApiKeySecret { get; }

    /// <summary>StartRun: QUEUED → RUNNING once, the API key's lock, the discovery Map's markets.</summary>
    public Function StartRun { get; }

    /// <summary>DiscoverMarket: one time-budgeted slice of a market (discovery Map child, looping).</summary>
    public Function DiscoverMarket { get; }

    /// <summary>FinishDiscovery: items.json and the grading workers' plan.</summary>
    public Function FinishDiscovery { get; }

    /// <summary>GradeBatch: one time-budgeted invocation on a batch, several agents in flight (agents Map child, looping).</summary>
    public Function GradeBatch { get; }

    /// <summary>RecordBatchFailure: a batch invocation died; go on from its checkpoint or record its agents incomplete.</summary>
    public Function RecordBatchFailure { get; }

    public Function Aggregate { get; }

    public Function RunFailed { get; }

    public Function RunsApi { get; }

    public Function Schedule { get; }

    /// <summary>Target of the run-ended rule: marks the run FAILED when its execution failed, timed out or was aborted.</summary>
    public Function ExecutionStatus { get; }

    /// <summary>
    /// What each function reads and writes, action by action and prefix by prefix (the code paths are in
    /// <c>src/PropGrade.Functions/Workflow</c>, <c>S3RunLauncher</c> and <c>Core.Api.RunsApi</c>). Only the runs API and
    /// the schedule may write <c>runs/*/request.json</c>: that write starts an execution.
    /// </summary>
    private void GrantDataAccess()
    {
        var raw = storage.RawBucket;
        var work = storage.WorkBucket;
        var exports = storage.ExportsBucket;
        var table = storage.RunsTable;
        const string index = Storage.RunsListIndex;
        string[] put = [DataAccess.PutObject];
        string[] get = [DataAccess.GetObject];

        // Every workflow function renews or releases the API key's lock (a lease item of the runs table): GetItem + UpdateItem.
        // StartRun: the record (QUEUED → RUNNING, API today, breaker), the lock, markets.json; items.json only listed (a
        // fresh run has none).
        DataAccess.Items(StartRun, table, index, DataAccess.GetItem, DataAccess.UpdateItem);
        DataAccess.Objects(StartRun, work, put, KeyPatterns.Markets);
        DataAccess.List(StartRun, work, KeyPatterns.ItemsPrefix);

        // DiscoverMarket: the record and lock, counters; raw; its market's slices (read, listed, written).
        DataAccess.Items(DiscoverMarket, table, index, DataAccess.GetItem, DataAccess.UpdateItem);
        DataAccess.Objects(DiscoverMarket, raw, put, KeyPatterns.Raw, KeyPatterns.RawManifest);
        DataAccess.Objects(DiscoverMarket, work, [DataAccess.GetObject, DataAccess.PutObject], KeyPatterns.Discovery);
        DataAccess.List(DiscoverMarket, work, KeyPatterns.DiscoveryPrefix);

        // FinishDiscovery: the record (markets, counters); the slices; items.json (listed, read, written in parts of a
        // multipart upload, aborted when discovery cannot complete).
        DataAccess.Items(FinishDiscovery, table, index, DataAccess.GetItem, DataAccess.UpdateItem);
        DataAccess.Objects(FinishDiscovery, work, get, KeyPatterns.Discovery);
        DataAccess.Objects(FinishDiscovery, work, [DataAccess.GetObject, DataAccess.PutObject, DataAccess.AbortMultipartUpload], KeyPatterns.Items);
        DataAccess.List(FinishDiscovery, work, KeyPatterns.DiscoveryPrefix, KeyPatterns.ItemsPrefix);

        // GradeBatch: the record and lock, counters, the breaker's streak; raw; its batch's progress; results.
        DataAccess.Items(GradeBatch, table, index, DataAccess.GetItem, DataAccess.UpdateItem);
        DataAccess.Objects(GradeBatch, raw, put, KeyPatterns.Raw, KeyPatterns.RawManifest);
        DataAccess.Objects(GradeBatch, work, [DataAccess.GetObject, DataAccess.PutObject], KeyPatterns.State);
        DataAccess.Objects(GradeBatch, work, put, KeyPatterns.Results);
        DataAccess.List(GradeBatch, work, KeyPatterns.StatePrefix);

        // RecordBatchFailure: the record (plan), counters; the batch's progress; results.
        DataAccess.Items(RecordBatchFailure, table, index, DataAccess.GetItem, DataAccess.UpdateItem);
        DataAccess.Objects(RecordBatchFailure, work, [DataAccess.GetObject, DataAccess.PutObject], KeyPatterns.State);
        DataAccess.Objects(RecordBatchFailure, work, put, KeyPatterns.Results);
        DataAccess.List(RecordBatchFailure, work, KeyPatterns.StatePrefix);

        // Aggregate: the record, the runs list (previous run), the lock; items and results of this and the previous run; exports.
        DataAccess.Items(Aggregate, table, index, DataAccess.GetItem, DataAccess.Query, DataAccess.UpdateItem);
        DataAccess.Objects(Aggregate, work, get, KeyPatterns.Items, KeyPatterns.Results);
        DataAccess.List(Aggregate, work, KeyPatterns.ResultsPrefix, KeyPatterns.ItemsPrefix);
        // The exports and the index go up in parts (a multipart upload, aborted when a part fails).
        DataAccess.Objects(Aggregate, exports, [DataAccess.PutObject, DataAccess.AbortMultipartUpload], KeyPatterns.Exports);
        DataAccess.Objects(Aggregate, work, [DataAccess.PutObject, DataAccess.AbortMultipartUpload], KeyPatterns.AgentsIndex);

        // MarkRunFailed: a conditional FAILED, the breaker's streak, the lock's release; a read when the run had ended.
        DataAccess.Items(RunFailed, table, index, DataAccess.GetItem, DataAccess.UpdateItem);

        // The runs API: create (conditional put), read (runs, the key's lock), list; launch (request.json); export links.
        DataAccess.Items(RunsApi, table, index, DataAccess.PutItem, DataAccess.GetItem, DataAccess.Query);
        DataAccess.Objects(RunsApi, work, put, KeyPatterns.Request);
        DataAccess.Objects(RunsApi, exports, get, KeyPatterns.Exports);
        DataAccess.List(RunsApi, exports, KeyPatterns.ExportsPrefix);
        // The results table and "why this tier": the agents index (built again from the results when missing), the raw
        // groups and their manifests (read and verified; never written).
        DataAccess.Objects(RunsApi, work, [DataAccess.GetObject, DataAccess.PutObject, DataAccess.AbortMultipartUpload], KeyPatterns.AgentsIndex);
        DataAccess.Objects(RunsApi, work, get, KeyPatterns.Results);
        DataAccess.List(RunsApi, work, KeyPatterns.ResultsPrefix);
        DataAccess.Objects(RunsApi, raw, get, KeyPatterns.Raw, KeyPatterns.RawManifest);
        DataAccess.List(RunsApi, raw, KeyPatterns.RawManifestPrefix, KeyPatterns.RawPrefix);

        // The schedule launches like the API (its run id from the event's time: it reads whether that run exists).
        DataAccess.Items(Schedule, table, index, DataAccess.PutItem, DataAccess.GetItem);
        DataAccess.Objects(Schedule, work, put, KeyPatterns.Request);

        // A failed, timed-out or aborted execution: a conditional FAILED, the lock's release; a redriven one reopens the run.
        DataAccess.Items(ExecutionStatus, table, index, DataAccess.UpdateItem, DataAccess.GetItem);
    }

    private Function Create(string id, string handler, int memoryMb, int timeoutSeconds, bool callsApi, bool invokedAsync = false, bool budgeted = false, int? ephemeralMb = null)
    {
        var n = System.Globalization.CultureInfo.InvariantCulture;
        var environment = new Dictionary<string, string>
        {
            [EnvironmentNames.RawBucket] = storage.RawBucket.BucketName,
            [EnvironmentNames.WorkBucket] = storage.WorkBucket.BucketName,
            [EnvironmentNames.ExportsBucket] = storage.ExportsBucket.BucketName,
            [EnvironmentNames.RunsTable] = storage.RunsTable.TableName,
            [EnvironmentNames.ExportLinkMinutes] = settings.ExportLinkMinutes.ToString(n),
            [EnvironmentNames.DefaultMarkets] = settings.DefaultMarkets,
            // The lock of "one active run per API key" is named after the secret (its ARN, never its value), the same
            // name in every function; every run-level setting travels the same way.
            [EnvironmentNames.KeySource] = ApiKeySecret.SecretArn,
            [EnvironmentNames.KeyLockTtlSeconds] = settings.KeyLockTtlSeconds.ToString(n),
            [EnvironmentNames.RequestsPerSecond] = settings.RequestsPerSecond.ToString("0.###", n),
            [EnvironmentNames.AgentsPerBatch] = settings.AgentsPerBatch.ToString(n),
            [EnvironmentNames.MaxWorkers] = settings.MaxConcurrency.ToString(n),
            [EnvironmentNames.BreakerThreshold] = settings.BreakerThreshold.ToString(n),
            [EnvironmentNames.CheckpointAgents] = settings.CheckpointAgents.ToString(n),
            [EnvironmentNames.TimeoutSeconds] = timeoutSeconds.ToString(n),
        };
        if (budgeted)
        {
            environment[EnvironmentNames.SoftMarginSeconds] = settings.SoftMarginFor(timeoutSeconds).ToString("0.###", n);
            environment[EnvironmentNames.HardMarginSeconds] = settings.HardMarginFor(timeoutSeconds).ToString("0.###", n);
        }

        if (callsApi)
        {
            // The secret's ARN, never its value: the function reads the value through the extension at run time.
            environment[EnvironmentNames.ApiKeySecretId] = ApiKeySecret.SecretArn;
            environment[EnvironmentNames.ApiBaseUrl] = settings.ApiBaseUrl;
            environment[EnvironmentNames.ApiHost] = settings.ApiHost;
        }

        var fn = new Function(this, id, new FunctionProps
        {
            Runtime = DotNet10,
            Architecture = Architecture.ARM_64,
            Handler = handler,
            Code = code,
            MemorySize = memoryMb,
            Timeout = Duration.Seconds(timeoutSeconds),
            EphemeralStorageSize = ephemeralMb is { } ephemeral ? Size.Mebibytes(ephemeral) : null,
            Tracing = Tracing.ACTIVE,
            LoggingFormat = LoggingFormat.JSON,
            LogGroup = new LogGroup(this, id + "Logs", new LogGroupProps
            {
                Retention = LogRetention,
                RemovalPolicy = RemovalPolicy.DESTROY,
            }),
            Environment = environment,
            DeadLetterQueue = invokedAsync ? operations.DeadLetters : null,
            RetryAttempts = invokedAsync ? AsyncRetryAttempts : null,
            MaxEventAge = invokedAsync ? Operations.TargetMaxEventAge : null,
            ParamsAndSecrets = callsApi
                ? ParamsAndSecretsLayerVersion.FromVersion(ParamsAndSecretsVersions.V1_0_103, new ParamsAndSecretsOptions
                {
                    CacheEnabled = true,
                    SecretsManagerTtl = Duration.Minutes(5),
                    LogLevel = ParamsAndSecretsLogLevel.WARN,
                })
                : null,
        });
        if (callsApi)
        {
            ApiKeySecret.GrantRead(fn);
        }

        return fn;
    }
}
