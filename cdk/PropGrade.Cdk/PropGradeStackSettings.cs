using Amazon.CDK;

namespace PropGrade.Cdk;

/// <summary>
/// Everything the stack takes from outside, read once from CDK context (<c>cdk.json</c> or <c>-c key=value</c>)
/// and validated before any construct is created. Defaults are documented on each property.
/// </summary>
public sealed record PropGradeStackSettings
{
    /// <summary>The <c>X-RapidAPI-Host</c> header value. Default <c>realty-in-us.p.rapidapi.com</c>.</summary>
    public string ApiHost { get; init; } = "realty-in-us.p.rapidapi.com";

    /// <summary>The listing API base URL. Default <c>https://realty-in-us.p.rapidapi.com</c>.</summary>
    public string ApiBaseUrl { get; init; } = "https://realty-in-us.p.rapidapi.com";

    /// <summary>
    /// The most workers a run uses at once (1..1000): the cap on each Map's concurrency, which a run derives itself from
    /// the plan's rate and the API's latency (<c>Core.Runs.WorkerPlan</c>, passed as <c>MaxConcurrencyPath</c>). Default 10.
    /// </summary>
    public int MaxConcurrency { get; init; } = 10;

    /// <summary>The plan's request rate for the whole run; the workers split 90 % of it between them. Default 5.</summary>
    public double RequestsPerSecond { get; init; } = 5;

    /// <summary>Agents per Map batch (ItemBatcher MaxItemsPerBatch, 1..500; a batch also stays under 240 KB). Default 100.</summary>
    public int AgentsPerBatch { get; init; } = 100;

    /// <summary>Memory of the grading and discovery workers (MB): they wait on the API's rate, not the CPU. Default 512.</summary>
    public int WorkerMemoryMb { get; init; } = 512;

    /// <summary>Timeout of a grading worker invocation (s, ≤ 900): its budget is this minus the margin. Default 900.</summary>
    public int WorkerTimeoutSeconds { get; init; } = 900;

    /// <summary>Timeout of a discovery invocation (s, ≤ 900). Default 300.</summary>
    public int DiscoveryTimeoutSeconds { get; init; } = 300;

    /// <summary>
    /// How long before its timeout a time-budgeted invocation stops starting work (s); 0 = 20 % of the timeout. Requests in
    /// flight are cut at a quarter of this before the timeout. Default 0.
    /// </summary>
    public double BudgetMarginSeconds { get; init; }

    /// <summary>
    /// Memory of <c>Aggregate</c> (MB, 128..10240). Default 1769 (one full vCPU). Aggregation streams: the results are
    /// read as a stream (32 objects in flight, the ids seen), counted in one pass and sorted externally (25,000 rows in
    /// memory, sorted runs spilled to <c>/tmp</c>), so the heap stays well under 1 GB at a million agents (with the
    /// previous run's tiers by id, ~100 MB); the memory is sized for the CPU share (aggregation is CPU-bound: JSON, the
    /// merge, the XLSX), not the data. docs/aws.md has the figures.
    /// </summary>
    public int AggregateMemoryMb { get; init; } = 1769;

    /// <summary>
    /// Memory of <c>FinishDiscovery</c> (MB): it streams <c>items.json</c> up in 8 MB parts, holding one market's slices
    /// and the advertiser ids seen (~60 MB at a million agents), never the items. Default 512.
    /// </summary>
    public int FinishDiscoveryMemoryMb { get; init; } = 512;

    /// <summary>Agents in a row failing on the API before the run stops (run-level breaker, shared by all workers); 0 = off. Default 50.</summary>
    public int BreakerThreshold { get; init; } = 50;

    /// <summary>A grading worker checkpoints after this many finished agents (at most this many lost to a crash). Default 25.</summary>
    public int CheckpointAgents { get; init; } = 25;

    /// <summary>
    /// The highest <see cref="ToleratedFailurePercentage"/> the stack accepts: 0. A Map child fails only on a
    /// run-stopping error (refused key, spent quota, missing endpoint: <see cref="Workflow.RunStoppingErrors"/>) or a
    /// fault of its own failure path — every other batch failure is caught inside the child and recorded — so any
    /// tolerance would keep starting children against a dead key. The setting can only be lowered to this, never raised.
    /// </summary>
    public const double MaxToleratedFailurePercentage = 0;

    /// <summary>Share of failed Map children the run tolerates before it fails (0..<see cref="MaxToleratedFailurePercentage"/>). Default 0.</summary>
    public double ToleratedFailurePercentage { get; init; } = MaxToleratedFailurePercentage;

    /// <summary>Agents of the largest run this deployment must finish (sizes the execution timeout). Default 1,000,000.</summary>
    public int LargestRunAgents { get; init; } = 1_000_000;

    /// <summary>Listing-API calls per agent the timeout assumes, discovery's share included. Default 3.</summary>
    public double CallsPerAgent { get; init; } = 3;

    /// <summary>Headroom on the rate-bound duration (retries, backoff, workers below the plan's rate). Default 2.</summary>
    public double ExecutionTimeoutSafetyFactor { get; init; } = 2;

    /// <summary>Where the alarm topic also sends e-mail (a subscription to confirm); empty for none. Default none.</summary>
    public string AlarmEmail { get; init; } = "";

    /// <summary>Markets (ZIP codes, comma separated) of the quarterly run and of the page's defaults. Default none.</summary>
    public string DefaultMarkets { get; init; } = "";

    /// <summary>Days raw responses are kept (transitions to IA at 30 and Glacier IR at 90 days). Default 730.</summary>
    public int RawRetentionDays { get; init; } = 730;

    /// <summary>Minutes a presigned export link stays valid (1..15). Default 15.</summary>
    public int ExportLinkMinutes { get; init; } = 15;

    /// <summary>
    /// The published functions folder (<c>dotnet publish src/PropGrade.Functions -o ...</c>). When it does not
    /// exist the placeholder asset is used so that synth works offline. Default <c>artifacts/functions</c>.
    /// </summary>
    public string FunctionsAssetPath { get; init; } = "artifacts/functions";

    /// <summary>Used when <see cref="FunctionsAssetPath"/> does not exist. Default <c>cdk/PropGrade.Cdk/placeholder-asset</c>.</summary>
    public string PlaceholderAssetPath { get; init; } = "cdk/PropGrade.Cdk/placeholder-asset";

    /// <summary>The static config page (one copy, shared with the local server). Default <c>src/PropGrade.Web</c>.</summary>
    public string WebAssetPath { get; init; } = "src/PropGrade.Web";

    /// <summary>Reads every setting from context, falling back to the defaults above.</summary>
    public static PropGradeStackSettings FromContext(Constructs.Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var d = new PropGradeStackSettings();
        return new PropGradeStackSettings
        {
            ApiHost = Text(node, "apiHost") ?? d.ApiHost,
            ApiBaseUrl = Text(node, "apiBaseUrl") ?? d.ApiBaseUrl,
            MaxConcurrency = (int)(Number(node, "maxConcurrency") ?? d.MaxConcurrency),
            RequestsPerSecond = Number(node, "requestsPerSecond") ?? d.RequestsPerSecond,
            AgentsPerBatch = (int)(Number(node, "agentsPerBatch") ?? d.AgentsPerBatch),
            WorkerMemoryMb = (int)(Number(node, "workerMemoryMb") ?? d.WorkerMemoryMb),
            WorkerTimeoutSeconds = (int)(Number(node, "workerTimeoutSeconds") ?? d.WorkerTimeoutSeconds),
            DiscoveryTimeoutSeconds = (int)(Number(node, "discoveryTimeoutSeconds") ?? d.DiscoveryTimeoutSeconds),
            BudgetMarginSeconds = Number(node, "budgetMarginSeconds") ?? d.BudgetMarginSeconds,
            AggregateMemoryMb = (int)(Number(node, "aggregateMemoryMb") ?? d.AggregateMemoryMb),
            FinishDiscoveryMemoryMb = (int)(Number(node, "finishDiscoveryMemoryMb") ?? d.FinishDiscoveryMemoryMb),
            BreakerThreshold = (int)(Number(node, "breakerThreshold") ?? d.BreakerThreshold),
            CheckpointAgents = (int)(Number(node, "checkpointAgents") ?? d.CheckpointAgents),
            ToleratedFailurePercentage = Number(node, "toleratedFailurePercentage") ?? d.ToleratedFailurePercentage,
            LargestRunAgents = (int)(Number(node, "largestRunAgents") ?? d.LargestRunAgents),
            CallsPerAgent = Number(node, "callsPerAgent") ?? d.CallsPerAgent,
            ExecutionTimeoutSafetyFactor = Number(node, "executionTimeoutSafetyFactor") ?? d.ExecutionTimeoutSafetyFactor,
            AlarmEmail = Text(node, "alarmEmail") ?? d.AlarmEmail,
            DefaultMarkets = Text(node, "defaultMarkets") ?? d.DefaultMarkets,
            RawRetentionDays = (int)(Number(node, "rawRetentionDays") ?? d.RawRetentionDays),
            ExportLinkMinutes = (int)(Number(node, "exportLinkMinutes") ?? d.ExportLinkMinutes),
            FunctionsAssetPath = Text(node, "functionsAssetPath") ?? d.FunctionsAssetPath,
            PlaceholderAssetPath = Text(node, "placeholderAssetPath") ?? d.PlaceholderAssetPath,
            WebAssetPath = Text(node, "webAssetPath") ?? d.WebAssetPath,
        }.Validate();
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming every invalid setting; returns this when valid.</summary>
    public PropGradeStackSettings Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(ApiHost))
        {
            errors.Add("apiHost is empty");
        }

        if (!Uri.TryCreate(ApiBaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            errors.Add("apiBaseUrl must be an absolute http(s) URL");
        }

        if (MaxConcurrency is < 1 or > 1000)
        {
            errors.Add("maxConcurrency must be 1..1000");
        }

        if (RequestsPerSecond <= 0)
        {
            errors.Add("requestsPerSecond must be > 0");
        }

        if (AgentsPerBatch is < 1 or > 500)
        {
            errors.Add("agentsPerBatch must be 1..500");
        }

        if (WorkerMemoryMb is < 128 or > 10240 || AggregateMemoryMb is < 128 or > 10240 || FinishDiscoveryMemoryMb is < 128 or > 10240)
        {
            errors.Add("workerMemoryMb, aggregateMemoryMb and finishDiscoveryMemoryMb must be 128..10240");
        }

        if (WorkerTimeoutSeconds is < 30 or > 900 || DiscoveryTimeoutSeconds is < 30 or > 900)
        {
            errors.Add("workerTimeoutSeconds and discoveryTimeoutSeconds must be 30..900 (Lambda's limit)");
        }

        if (BudgetMarginSeconds < 0 || BudgetMarginSeconds >= Math.Min(WorkerTimeoutSeconds, DiscoveryTimeoutSeconds) / 2.0)
        {
            errors.Add("budgetMarginSeconds must be >= 0 and under half of the shortest worker timeout");
        }

        if (BreakerThreshold < 0 || CheckpointAgents < 1)
        {
            errors.Add("breakerThreshold must be >= 0 and checkpointAgents >= 1");
        }

        if (ToleratedFailurePercentage is < 0 or > MaxToleratedFailurePercentage)
        {
            errors.Add($"toleratedFailurePercentage can only be lowered, to at most {MaxToleratedFailurePercentage}: a Map child fails only on a run-stopping error, which must stop the run");
        }

        if (LargestRunAgents < 1)
        {
            errors.Add("largestRunAgents must be >= 1");
        }

        if (CallsPerAgent <= 0)
        {
            errors.Add("callsPerAgent must be > 0");
        }

        if (ExecutionTimeoutSafetyFactor < 1)
        {
            errors.Add("executionTimeoutSafetyFactor must be >= 1");
        }

        if (AlarmEmail.Length > 0 && (AlarmEmail.Count(c => c == '@') != 1 || AlarmEmail.Any(char.IsWhiteSpace) || AlarmEmail.StartsWith('@') || AlarmEmail.EndsWith('@')))
        {
            errors.Add("alarmEmail must be one e-mail address");
        }

        if (DefaultMarkets.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Any(m => m.Length != 5 || !m.All(char.IsAsciiDigit)))
        {
            errors.Add("defaultMarkets must be 5-digit ZIP codes, comma separated");
        }

        if (RawRetentionDays < 91)
        {
            errors.Add("rawRetentionDays must be > 90 (raw data moves to Glacier IR at 90 days)");
        }

        if (ExportLinkMinutes is < 1 or > 15)
        {
            errors.Add("exportLinkMinutes must be 1..15");
        }

        return errors.Count == 0
            ? this
            : throw new ArgumentException("Invalid stack settings: " + string.Join("; ", errors));
    }

    /// <summary>The state machine's timeout, from the largest run (see <see cref="Cdk.ExecutionTimeout"/>).</summary>
    public TimeSpan ExecutionTimeout =>
        Cdk.ExecutionTimeout.For(LargestRunAgents, CallsPerAgent, RequestsPerSecond, ExecutionTimeoutSafetyFactor);

    /// <summary>The soft margin of an invocation with <paramref name="timeoutSeconds"/>: the setting, or 20 % of the timeout.</summary>
    public double SoftMarginFor(int timeoutSeconds) => BudgetMarginSeconds > 0 ? BudgetMarginSeconds : 0.2 * timeoutSeconds;

    /// <summary>The hard margin (requests in flight are cut): a quarter of the soft margin.</summary>
    public double HardMarginFor(int timeoutSeconds) => SoftMarginFor(timeoutSeconds) / 4;

    /// <summary>How long the API key's lock outlives its last renewal: two of the longest worker invocations plus five minutes.</summary>
    public int KeyLockTtlSeconds => (2 * Math.Max(WorkerTimeoutSeconds, DiscoveryTimeoutSeconds)) + 300;

    /// <summary>The functions asset folder that exists: the publish folder, else the placeholder.</summary>
    public string ResolveFunctionsAssetPath() =>
        Directory.Exists(FunctionsAssetPath) ? FunctionsAssetPath : PlaceholderAssetPath;

    private static string? Text(Constructs.Node node, string key) =>
        node.TryGetContext(key) switch
        {
            null => null,
            string s => s,
            var o => Convert.ToString(o, System.Globalization.CultureInfo.InvariantCulture),
        };

    private static double? Number(Constructs.Node node, string key) =>
        node.TryGetContext(key) switch
        {
            null => null,
            double v => v,
            int v => v,
            long v => v,
            decimal v => (double)v,
            string s => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture),
            var o => Convert.ToDouble(o, System.Globalization.CultureInfo.InvariantCulture),
        };
}
