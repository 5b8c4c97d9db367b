namespace PropGrade.Cdk;

/// <summary>The environment variables the functions read (mirrored by <c>PropGrade.Functions.FunctionSettings</c>).</summary>
public static class EnvironmentNames
{
    public const string RawBucket = "PROPGRADE_RAW_BUCKET";
    public const string WorkBucket = "PROPGRADE_WORK_BUCKET";
    public const string ExportsBucket = "PROPGRADE_EXPORTS_BUCKET";
    public const string RunsTable = "PROPGRADE_RUNS_TABLE";
    public const string ApiKeySecretId = "PROPGRADE_API_KEY_SECRET_ID";
    public const string ApiBaseUrl = "PROPGRADE_API_BASE_URL";
    public const string ApiHost = "PROPGRADE_API_HOST";
    public const string RequestsPerSecond = "PROPGRADE_REQUESTS_PER_SECOND";
    public const string DefaultMarkets = "PROPGRADE_DEFAULT_MARKETS";
    public const string ExportLinkMinutes = "PROPGRADE_EXPORT_LINK_MINUTES";
    public const string TimeoutSeconds = "PROPGRADE_TIMEOUT_SECONDS";
    public const string SoftMarginSeconds = "PROPGRADE_SOFT_MARGIN_SECONDS";
    public const string HardMarginSeconds = "PROPGRADE_HARD_MARGIN_SECONDS";
    public const string CheckpointAgents = "PROPGRADE_CHECKPOINT_AGENTS";
    public const string BreakerThreshold = "PROPGRADE_BREAKER_THRESHOLD";
    public const string AgentsPerBatch = "PROPGRADE_AGENTS_PER_BATCH";
    public const string MaxWorkers = "PROPGRADE_MAX_WORKERS";
    public const string KeySource = "PROPGRADE_KEY_SOURCE";
    public const string KeyLockTtlSeconds = "PROPGRADE_KEY_LOCK_TTL_SECONDS";
}
