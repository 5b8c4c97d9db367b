using System.Globalization;

namespace PropGrade.Functions.Hosting;

/// <summary>
/// What a function reads from its environment (set by the CDK stack; names in <c>cdk/PropGrade.Cdk/EnvironmentNames.cs</c>),
/// read once at init and validated. The API key is never among them: only the secret's id.
/// </summary>
public sealed record FunctionSettings
{
    public required string RawBucket { get; init; }

    public required string WorkBucket { get; init; }

    public required string ExportsBucket { get; init; }

    public required string RunsTable { get; init; }

    /// <summary>The secret's ARN (only on the functions that call the listing API).</summary>
    public string? ApiKeySecretId { get; init; }

    public Uri ApiBaseUrl { get; init; } = new("https://realty-in-us.p.rapidapi.com/");

    public string ApiHost { get; init; } = "realty-in-us.p.rapidapi.com";

    /// <summary>
    /// The plan's request rate for the whole run (requests per second). The run's workers split
    /// <see cref="Core.Runs.WorkerPlan.AimFraction"/> of it between them (the rate each gets travels in the state). Default 5.
    /// </summary>
    public double RequestsPerSecond { get; init; } = 5;

    /// <summary>The function's configured timeout (the deployment sets it to the function's own). Default 900 s.</summary>
    public double TimeoutSeconds { get; init; } = 900;

    /// <summary>
    /// How long before the timeout a time-budgeted invocation stops starting work (its soft deadline: agents stop before
    /// their next page, markets before their next page). Default: 20 % of the timeout, at least 0.5 s.
    /// </summary>
    public double? SoftMarginSeconds { get; init; }

    /// <summary>
    /// How long before the timeout requests still in flight are cancelled, so what finished is saved in time. Default: 5 %
    /// of the timeout, at least 0.25 s.
    /// </summary>
    public double? HardMarginSeconds { get; init; }

    /// <summary>A grading worker checkpoints (raw group, results, progress) after this many finished agents. Default 25.</summary>
    public int CheckpointAgents { get; init; } = 25;

    /// <summary>Agents in a row failing on the API before the run stops (run-level breaker); 0 = off. Default 50.</summary>
    public int BreakerThreshold { get; init; } = 50;

    /// <summary>Agents per Map batch (the ItemBatcher's MaxItemsPerBatch: sizes the worker count). Default 100.</summary>
    public int AgentsPerBatch { get; init; } = 100;

    /// <summary>The most workers (Map children) a run uses at once. Default 100.</summary>
    public int MaxWorkers { get; init; } = Core.Runs.WorkerPlan.MaxWorkers;

    /// <summary>Failed invocations of one batch (crash, Lambda timeout) before its unsaved agents are recorded incomplete. Default 3.</summary>
    public int MaxBatchFailures { get; init; } = 3;

    /// <summary>What names the API key for its lock (never the key): the secret's ARN on a deployment. Default <c>listing-api</c>.</summary>
    public string KeySource { get; init; } = "listing-api";

    /// <summary>
    /// How long the API key's lock outlives its last renewal (every worker invocation renews it). Default 2,100 s: two of
    /// the longest invocations plus five minutes.
    /// </summary>
    public double KeyLockTtlSeconds { get; init; } = 2100;

    /// <summary>The soft deadline of a time-budgeted invocation: timeout − soft margin.</summary>
    public TimeSpan Budget => TimeSpan.FromSeconds(TimeoutSeconds - (SoftMarginSeconds ?? Math.Max(0.5, 0.2 * TimeoutSeconds)));

    /// <summary>The hard deadline: timeout − hard margin.</summary>
    public TimeSpan HardStop => TimeSpan.FromSeconds(TimeoutSeconds - (HardMarginSeconds ?? Math.Max(0.25, 0.05 * TimeoutSeconds)));

    /// <summary>Presigned export link lifetime, 1..15 minutes. Default 15.</summary>
    public int ExportLinkMinutes { get; init; } = 15;

    /// <summary>Markets of the quarterly run and of <c>GET /config/defaults</c> (comma separated ZIPs). Default none.</summary>
    public IReadOnlyList<string> DefaultMarkets { get; init; } = [];

    /// <summary>The listing API's "today" when it is not the UTC date (the simulator's fixed today). Default null.</summary>
    public DateOnly? ApiToday { get; init; }

    /// <summary>The secrets extension endpoint. Default <c>http://localhost:2773</c>.</summary>
    public Uri SecretsExtensionUrl { get; init; } = new("http://localhost:2773");

    /// <summary>The function's <c>AWS_SESSION_TOKEN</c>: the extension's auth header (not the API key).</summary>
    public string? SessionToken { get; init; }

    /// <summary>Client HTTP retries per request (the client owns HTTP retries). Default: the client's default.</summary>
    public int? MaxRetryAttempts { get; init; }

    /// <summary>
    /// <c>limit</c> of <c>/agents/list</c> (1..20). Default: the client's (20, the provider's maximum); smaller only to
    /// test discovery's continuations on small markets.
    /// </summary>
    public int? DiscoveryPageSize { get; init; }

    public static FunctionSettings FromEnvironment(Func<string, string?> env)
    {
        ArgumentNullException.ThrowIfNull(env);
        string Required(string name) => env(name) is { Length: > 0 } v ? v : throw new InvalidOperationException($"Environment variable {name} is not set.");
        var settings = new FunctionSettings
        {
            RawBucket = Required("PROPGRADE_RAW_BUCKET"),
            WorkBucket = Required("PROPGRADE_WORK_BUCKET"),
            ExportsBucket = Required("PROPGRADE_EXPORTS_BUCKET"),
            RunsTable = Required("PROPGRADE_RUNS_TABLE"),
            ApiKeySecretId = env("PROPGRADE_API_KEY_SECRET_ID"),
            SessionToken = env("AWS_SESSION_TOKEN"),
        };
        if (env("PROPGRADE_API_BASE_URL") is { Length: > 0 } baseUrl)
        {
            settings = settings with { ApiBaseUrl = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/", UriKind.Absolute) };
        }

        if (env("PROPGRADE_API_HOST") is { Length: > 0 } host)
        {
            settings = settings with { ApiHost = host };
        }

        if (env("PROPGRADE_REQUESTS_PER_SECOND") is { Length: > 0 } rate)
        {
            settings = settings with { RequestsPerSecond = double.Parse(rate, CultureInfo.InvariantCulture) };
        }

        if (env("PROPGRADE_EXPORT_LINK_MINUTES") is { Length: > 0 } minutes)
        {
            settings = settings with { ExportLinkMinutes = int.Parse(minutes, CultureInfo.InvariantCulture) };
        }

        if (env("PROPGRADE_DEFAULT_MARKETS") is { Length: > 0 } markets)
        {
            settings = settings with { DefaultMarkets = markets.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) };
        }

        if (env("PROPGRADE_API_TODAY") is { Length: > 0 } today)
        {
            settings = settings with { ApiToday = DateOnly.ParseExact(today, "yyyy-MM-dd", CultureInfo.InvariantCulture) };
        }

        if (env("PROPGRADE_SECRETS_EXTENSION_URL") is { Length: > 0 } extension)
        {
            settings = settings with { SecretsExtensionUrl = new Uri(extension, UriKind.Absolute) };
        }

        if (env("PROPGRADE_MAX_RETRY_ATTEMPTS") is { Length: > 0 } retries)
        {
            settings = settings with { MaxRetryAttempts = int.Parse(retries, CultureInfo.InvariantCulture) };
        }

        double? Number(string name) => env(name) is { Length: > 0 } text ? double.Parse(text, CultureInfo.InvariantCulture) : null;
        settings = settings with
        {
            TimeoutSeconds = Number("PROPGRADE_TIMEOUT_SECONDS") ?? settings.TimeoutSeconds,
            SoftMarginSeconds = Number("PROPGRADE_SOFT_MARGIN_SECONDS") ?? settings.SoftMarginSeconds,
            HardMarginSeconds = Number("PROPGRADE_HARD_MARGIN_SECONDS") ?? settings.HardMarginSeconds,
            CheckpointAgents = (int)(Number("PROPGRADE_CHECKPOINT_AGENTS") ?? settings.CheckpointAgents),
            BreakerThreshold = (int)(Number("PROPGRADE_BREAKER_THRESHOLD") ?? settings.BreakerThreshold),
            AgentsPerBatch = (int)(Number("PROPGRADE_AGENTS_PER_BATCH") ?? settings.AgentsPerBatch),
            MaxWorkers = (int)(Number("PROPGRADE_MAX_WORKERS") ?? settings.MaxWorkers),
            KeySource = env("PROPGRADE_KEY_SOURCE") is { Length: > 0 } keySource ? keySource : settings.KeySource,
            KeyLockTtlSeconds = Number("PROPGRADE_KEY_LOCK_TTL_SECONDS") ?? settings.KeyLockTtlSeconds,
            DiscoveryPageSize = Number("PROPGRADE_DISCOVERY_PAGE_SIZE") is { } pageSize ? (int)pageSize : settings.DiscoveryPageSize,
        };

        return settings.Validate();
    }

    public FunctionSettings Validate()
    {
        if (RequestsPerSecond <= 0)
        {
            throw new InvalidOperationException("PROPGRADE_REQUESTS_PER_SECOND must be > 0.");
        }

        if (ExportLinkMinutes is < 1 or > 15)
        {
            throw new InvalidOperationException("PROPGRADE_EXPORT_LINK_MINUTES must be 1..15.");
        }

        if (TimeoutSeconds <= 0 || Budget <= TimeSpan.Zero || HardStop < Budget || HardStop.TotalSeconds > TimeoutSeconds)
        {
            throw new InvalidOperationException("PROPGRADE_TIMEOUT_SECONDS and the margins must give 0 < budget <= hard stop <= timeout.");
        }

        if (CheckpointAgents < 1 || BreakerThreshold < 0 || AgentsPerBatch < 1 || MaxWorkers < 1 || MaxBatchFailures < 1 || KeyLockTtlSeconds <= 0)
        {
            throw new InvalidOperationException("PROPGRADE_CHECKPOINT_AGENTS, PROPGRADE_AGENTS_PER_BATCH must be >= 1, PROPGRADE_BREAKER_THRESHOLD >= 0, PROPGRADE_KEY_LOCK_TTL_SECONDS > 0.");
        }

        return this;
    }
}
