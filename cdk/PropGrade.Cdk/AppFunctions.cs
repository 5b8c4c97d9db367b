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

        // Listing-API callers: discovery and the three stages. 1 GB = a good share of a vCPU for JSON work.
        Prepare = Create("Prepare", HandlerNames.Prepare, 1024, Duration.Minutes(10), callsApi: true);
        Profile = Create("ProfileStage", HandlerNames.Profile, 1024, Duration.Minutes(10), callsApi: true);
        Active = Create("ActiveStage", HandlerNames.Active, 1024, Duration.Minutes(10), callsApi: true);
        Sold = Create("SoldStage", HandlerNames.Sold, 1024, Duration.Minutes(10), callsApi: true);
        BatchFailed = Create("BatchFailed", HandlerNames.BatchFailed, 512, Duration.Minutes(1), callsApi: false);
        // Aggregation builds the XLSX in memory: 1769 MB is one full vCPU.
        Aggregate = Create("Aggregate", HandlerNames.Aggregate, 1769, Duration.Minutes(10), callsApi: false);
        RunFailed = Create("RunFailed", HandlerNames.RunFailed, 256, Duration.Seconds(30), callsApi: false);
        RunsApi = Create("RunsApi", HandlerNames.RunsApi, 512, Duration.Seconds(29), callsApi: false);
        // Invoked asynchronously by EventBridge: failed invocations end in the dead-letter queue.
        Schedule = Create("ScheduledRun", HandlerNames.Schedule, 512, Duration.Seconds(30), callsApi: false, invokedAsync: true);
        ExecutionStatus = Create("ExecutionStatus", HandlerNames.ExecutionStatus, 256, Duration.Seconds(30), callsApi: false, invokedAsync: true);

        GrantDataAccess();
    }

    public Secret ApiKeySecret { get; }

    public Function Prepare { get; }

    public Function Profile { get; }

    public Function Active { get; }

    public Function Sold { get; }

    public Function BatchFailed { get; }

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

        // Prepare: QUEUED → RUNNING, the API's today, discovery (raw), items.json, counters.
        DataAccess.Items(Prepare, table, index, DataAccess.GetItem, DataAccess.UpdateItem);
        DataAccess.Objects(Prepare, raw, put, KeyPatterns.Raw);
        DataAccess.Objects(Prepare, work, put, KeyPatterns.Items);

        // Stage 1 reads the record (plan, API today); every stage adds counters, writes its raw group, large batch
        // state and, for the batch's last stage, its results.
        DataAccess.Items(Profile, table, index, DataAccess.GetItem, DataAccess.UpdateItem);
        foreach (var stage in new[] { Active, Sold })
        {
            DataAccess.Items(stage, table, index, DataAccess.UpdateItem);
        }

        foreach (var stage in new[] { Profile, Active, Sold })
        {
            DataAccess.Objects(stage, raw, put, KeyPatterns.Raw);
            DataAccess.Objects(stage, work, [DataAccess.GetObject, DataAccess.PutObject], KeyPatterns.State);
            DataAccess.Objects(stage, work, put, KeyPatterns.Results);
        }

        // A failed batch: its state (when it went to S3), its results, counters.
        DataAccess.Items(BatchFailed, table, index, DataAccess.UpdateItem);
        DataAccess.Objects(BatchFailed, work, get, KeyPatterns.State);
        DataAccess.Objects(BatchFailed, work, put, KeyPatterns.Results);

        // Aggregate: the record, the runs list (previous run), items and results of this and the previous run, exports.
        DataAccess.Items(Aggregate, table, index, DataAccess.GetItem, DataAccess.Query, DataAccess.UpdateItem);
        DataAccess.Objects(Aggregate, work, get, KeyPatterns.Items, KeyPatterns.Results);
        DataAccess.List(Aggregate, work, KeyPatterns.ResultsPrefix);
        DataAccess.Objects(Aggregate, exports, put, KeyPatterns.Exports);

        DataAccess.Items(RunFailed, table, index, DataAccess.UpdateItem);

        // The runs API: create (conditional put), read, list; launch (request.json); export links (presigned GETs).
        DataAccess.Items(RunsApi, table, index, DataAccess.PutItem, DataAccess.GetItem, DataAccess.Query);
        DataAccess.Objects(RunsApi, work, put, KeyPatterns.Request);
        DataAccess.Objects(RunsApi, exports, get, KeyPatterns.Exports);
        DataAccess.List(RunsApi, exports, KeyPatterns.ExportsPrefix);

        // The schedule launches like the API: the QUEUED record and request.json.
        DataAccess.Items(Schedule, table, index, DataAccess.PutItem);
        DataAccess.Objects(Schedule, work, put, KeyPatterns.Request);

        // A failed, timed-out or aborted execution: a conditional FAILED, and a read when the record was already final.
        DataAccess.Items(ExecutionStatus, table, index, DataAccess.UpdateItem, DataAccess.GetItem);
    }

    private Function Create(string id, string handler, int memoryMb, Duration timeout, bool callsApi, bool invokedAsync = false)
    {
        var environment = new Dictionary<string, string>
        {
            [EnvironmentNames.RawBucket] = storage.RawBucket.BucketName,
            [EnvironmentNames.WorkBucket] = storage.WorkBucket.BucketName,
            [EnvironmentNames.ExportsBucket] = storage.ExportsBucket.BucketName,
            [EnvironmentNames.RunsTable] = storage.RunsTable.TableName,
            [EnvironmentNames.ExportLinkMinutes] = settings.ExportLinkMinutes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [EnvironmentNames.DefaultMarkets] = settings.DefaultMarkets,
        };
        if (callsApi)
        {
            // The secret's ARN, never its value: the function reads the value through the extension at run time.
            environment[EnvironmentNames.ApiKeySecretId] = ApiKeySecret.SecretArn;
            environment[EnvironmentNames.ApiBaseUrl] = settings.ApiBaseUrl;
            environment[EnvironmentNames.ApiHost] = settings.ApiHost;
            environment[EnvironmentNames.RequestsPerSecond] =
                settings.RequestsPerSecondPerWorker.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
        }

        var fn = new Function(this, id, new FunctionProps
        {
            Runtime = DotNet10,
            Architecture = Architecture.ARM_64,
            Handler = handler,
            Code = code,
            MemorySize = memoryMb,
            Timeout = timeout,
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
