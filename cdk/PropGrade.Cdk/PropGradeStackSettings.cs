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

    /// <summary>Distributed Map child executions running at once (1..1000). Default 10.</summary>
    public int MaxConcurrency { get; init; } = 10;

    /// <summary>The plan's request rate for the whole run; each Map child gets its share. Default 5.</summary>
    public double RequestsPerSecond { get; init; } = 5;

    /// <summary>Agents per Map child execution (ItemBatcher MaxItemsPerBatch, 1..100). Default 25.</summary>
    public int AgentsPerBatch { get; init; } = 25;

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

        if (AgentsPerBatch is < 1 or > 100)
        {
            errors.Add("agentsPerBatch must be 1..100");
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

    /// <summary>The per-worker request rate: the plan's rate split across the concurrent Map children.</summary>
    public double RequestsPerSecondPerWorker => RequestsPerSecond / MaxConcurrency;

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
