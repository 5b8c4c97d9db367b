namespace PropGrade.Simulator.Api;

/// <summary>The provider's error messages, verbatim where the contract gives them.</summary>
internal static class ApiMessages
{
    public const string MissingKey = "Missing RapidAPI application key. Go to https://docs.rapidapi.com/docs/keys to learn how to get your API application key.";
    public const string InvalidKey = "Invalid API key. Go to https://docs.rapidapi.com/docs/keys for more info.";
    public const string NotSubscribed = "You are not subscribed to this API.";
    public const string RatePerSecond = "You have exceeded the rate limit per second for your plan, BASIC, by the API provider";
    public const string Quota = "You have exceeded the MONTHLY quota for Requests on your current plan, BASIC. Upgrade your plan at https://rapidapi.com/apidojo/api/realty-in-us";
    public const string AgentNotFound = "Agent not found";
    public const string BotDetector = "Request blocked by the bot detector, please retry later";
    public const string Http500 = "Internal Server Error";
    public const string Http502 = "Bad Gateway: the API provider did not respond correctly";
    public const string Http503 = "Service Unavailable: upstream busy, please retry";
    public const string Http504 = "Gateway Timeout: the API provider took too long to respond";
    public const string LimitTooLarge = "limit must be <= 20";
    public const string PageTooLarge = "page must be <= 20";

    public static string MissingHost(string host) => $"Missing or wrong X-RapidAPI-Host header; expected {host}";

    public static string EndpointMissing(string path) => $"Endpoint '{path}' does not exist";

    public static string OffsetTooLarge(int cap) => $"offset must be <= {cap}";

    /// <summary>"a is required", "a and b are required", "a, b and c are required".</summary>
    public static string Required(IReadOnlyList<string> names) => names.Count switch
    {
        1 => $"{names[0]} is required",
        _ => $"{string.Join(", ", names.Take(names.Count - 1))} and {names[^1]} are required",
    };
}
