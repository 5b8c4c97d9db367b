using PropGrade.Core.Listings;

namespace PropGrade.ListingApi.Resilience;

/// <summary>
/// The exceptions a caller sees, with messages a sales-ops person can act on. They name the request (path and
/// query, never the key) and quote at most a short provider message.
/// </summary>
internal static class FailureMessages
{
    private const int MaxQuote = 200;

    public static ListingApiException Exhausted(string reason, string url, int attempts) => reason switch
    {
        "http_429" => new RateLimitedException(reason, $"The listing API kept answering 'too many requests' (429) for {url} after {attempts} attempts; the agent is marked incomplete. Lower the request rate or run again later."),
        "timeout" => new TransientApiException(reason, $"The listing API did not answer {url} in time after {attempts} attempts; the agent is marked incomplete."),
        "reset" => new TransientApiException(reason, $"The connection to the listing API was dropped for {url} on all {attempts} attempts; the agent is marked incomplete."),
        "http_403_bot" => new TransientApiException(reason, $"The listing API's bot detector refused {url} on all {attempts} attempts; the agent is marked incomplete."),
        "malformed_body" or "truncated_body" or "html_body" => new TransientApiException(reason, $"The listing API sent an unreadable response ({reason.Replace('_', ' ')}) for {url} on all {attempts} attempts; the agent is marked incomplete."),
        "empty_page" => new TransientApiException(reason, $"The listing API returned an empty page for {url} although it reported more results, on all {attempts} attempts; the agent is marked incomplete."),
        "circuit_open" => new TransientApiException(reason, $"Calls to the listing API are paused after repeated failures (circuit open); {url} was not fetched and the agent is marked incomplete."),
        _ => new TransientApiException(reason, $"The listing API failed ({reason.Replace('_', ' ')}) for {url} on all {attempts} attempts; the agent is marked incomplete."),
    };

    public static ListingApiException ThrottlePatienceExhausted(string url, int attempts, TimeSpan patience) =>
        new RateLimitedException("http_429", $"The listing API kept answering 'too many requests' (429) for {url} for longer than the client's patience ({FormatPatience(patience)}, {attempts} attempts); the agent is marked incomplete. Lower the request rate or run again later.");

    public static ListingApiException QuotaExhausted(string? providerMessage) =>
        new QuotaExhaustedException("quota_exhausted", $"The listing API plan's request quota is used up ({Quote(providerMessage)}). The run was stopped; resume it once the quota renews or the plan is upgraded.");

    public static ListingApiException InvalidKey(string? providerMessage) =>
        new ApiAuthException("auth_invalid_key", $"The listing API rejected the API key (401: {Quote(providerMessage)}). Check the configured key; the run was stopped.");

    public static ListingApiException NotSubscribed(string? providerMessage) =>
        new ApiAuthException("auth_not_subscribed", $"The listing API refused the API key (403: {Quote(providerMessage)}). Subscribe the key to the API or use another key; the run was stopped.");

    public static ListingApiException BadRequest(int status, string url, string? providerMessage) =>
        new BadRequestApiException($"http_{status}", $"The listing API refused the request {url} ({status}: {Quote(providerMessage)}).");

    /// <summary>
    /// A 404: the gateway's "Endpoint '…' does not exist" means the endpoint is gone (<see cref="EndpointMissingException"/>,
    /// the run stops); any other 404 is about the agent asked for.
    /// </summary>
    public static ListingApiException NotFound(string url, string? providerMessage) =>
        Provider.RealtyInUsMapper.IsEndpointMissing(providerMessage)
            ? new EndpointMissingException($"The listing API no longer serves the endpoint of {url} (404: {Quote(providerMessage)}). The run was stopped: no request to it can succeed. The provider may have retired it; see docs/listing-client.md.")
            : new AgentNotFoundException("http_404", $"The listing API does not know the agent asked for in {url} (404: {Quote(providerMessage)}).");

    private static string FormatPatience(TimeSpan patience) =>
        patience >= TimeSpan.FromMinutes(1) ? $"{patience.TotalMinutes:0.#} min" : $"{patience.TotalSeconds:0.#} s";

    private static string Quote(string? message)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            return "no message";
        }

        return message.Length <= MaxQuote ? message : string.Concat(message.AsSpan(0, MaxQuote), "...");
    }
}
