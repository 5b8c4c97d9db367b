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

    /// <summary>This worker's share of the plan's rate. Default 0.5.</summary>
    public double RequestsPerSecond { get; init; } = 0.5;

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

        return this;
    }
}
