using Amazon.CDK;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.SecretsManager;
using Constructs;

namespace PropGrade.Cdk;

/// <summary>
/// The Lambda functions (one per state, plus the runs API and the quarterly trigger), all from the one published
/// <c>PropGrade.Functions</c> folder, on <c>dotnet10</c> / arm64 with X-Ray and JSON logs. Each gets exactly the
/// grants its state needs; only the functions that call the listing API get the secret and the
/// Parameters and Secrets extension.
/// </summary>
public sealed class AppFunctions : Construct
{
    /// <summary>Lambda's .NET 10 managed runtime (CDK 2.160 has no constant for it).</summary>
    public static readonly Runtime DotNet10 = new("dotnet10", RuntimeFamily.DOTNET_CORE);

    private readonly Code code;
    private readonly Storage storage;
    private readonly PropGradeStackSettings settings;

    public AppFunctions(Construct scope, string id, PropGradeStackSettings settings, Storage storage)
        : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(storage);
        this.settings = settings;
        this.storage = storage;
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
        Schedule = Create("ScheduledRun", HandlerNames.Schedule, 512, Duration.Seconds(30), callsApi: false);

        foreach (var fn in new[] { Prepare, Profile, Active, Sold })
        {
            storage.RawBucket.GrantPut(fn);
            storage.WorkBucket.GrantReadWrite(fn);
            storage.RunsTable.GrantReadWriteData(fn);
        }

        storage.WorkBucket.GrantReadWrite(BatchFailed);
        storage.RunsTable.GrantReadWriteData(BatchFailed);

        storage.WorkBucket.GrantRead(Aggregate);
        storage.ExportsBucket.GrantReadWrite(Aggregate);
        storage.RunsTable.GrantReadWriteData(Aggregate);

        storage.RunsTable.GrantReadWriteData(RunFailed);

        storage.RunsTable.GrantReadWriteData(RunsApi);
        storage.WorkBucket.GrantPut(RunsApi);
        storage.ExportsBucket.GrantRead(RunsApi);

        storage.RunsTable.GrantReadWriteData(Schedule);
        storage.WorkBucket.GrantPut(Schedule);
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

    private Function Create(string id, string handler, int memoryMb, Duration timeout, bool callsApi)
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
                Retention = RetentionDays.THREE_MONTHS,
                RemovalPolicy = RemovalPolicy.DESTROY,
            }),
            Environment = environment,
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
