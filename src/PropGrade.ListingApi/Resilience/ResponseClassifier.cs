using System.Globalization;
using System.Text.Json;
using PropGrade.ListingApi.Provider;
using PropGrade.ListingApi.Secrets;

namespace PropGrade.ListingApi.Resilience;

/// <summary>
/// Turns one HTTP response into an <see cref="AttemptOutcome"/>: retry 429 (per-second), 5xx, 408, the bot-detector
/// 403 and unreadable or transiently empty bodies; a per-second 429 is its own kind (throttled: own patience, slows
/// the limiter); fail fast on 400, 401, not-subscribed 403, 404 and the quota 429.
/// </summary>
internal static class ResponseClassifier
{
    /// <param name="scrubber">
    /// The key's scrubber: <paramref name="body"/> is already scrubbed, and the provider message read from it (JSON
    /// decoded, so an escape layer the raw scrub could not see is gone) is scrubbed again before an error quotes it.
    /// </param>
    public static AttemptOutcome Classify(int status, string url, string? mediaType, byte[] body, RateLimitSignal signal, CallState state, KeyScrubber scrubber)
    {
        if (status is >= 200 and < 300)
        {
            return ClassifyBody(mediaType, body, state);
        }

        var message = RealtyInUsMapper.TryReadMessage(body) is { } read ? scrubber.Scrub(read) : null;
        return status switch
        {
            429 when message is not null && message.Contains("quota", StringComparison.OrdinalIgnoreCase) => AttemptOutcome.Fail(FailureMessages.QuotaExhausted(message)),
            429 => AttemptOutcome.Throttled(signal),
            401 => AttemptOutcome.Fail(FailureMessages.InvalidKey(message)),
            403 when message is not null && message.Contains("bot", StringComparison.OrdinalIgnoreCase) => AttemptOutcome.Retry("http_403_bot", countsAsFailure: true),
            403 => AttemptOutcome.Fail(FailureMessages.NotSubscribed(message)),
            404 => AttemptOutcome.Fail(FailureMessages.NotFound(url, message)),
            408 => AttemptOutcome.Retry("http_408", countsAsFailure: true),
            >= 500 => AttemptOutcome.Retry(string.Create(CultureInfo.InvariantCulture, $"http_{status}"), countsAsFailure: true),
            _ => AttemptOutcome.Fail(FailureMessages.BadRequest(status, url, message)),
        };
    }

    private static AttemptOutcome ClassifyBody(string? mediaType, byte[] body, CallState state)
    {
        if (BodyInspector.Inspect(body, mediaType) is { } problem)
        {
            return AttemptOutcome.Retry(problem, countsAsFailure: true);
        }

        object value;
        try
        {
            value = state.Map(body);
        }
        catch (Exception ex) when (ex is JsonException or ProviderShapeException)
        {
            return AttemptOutcome.Retry(BodyInspector.Malformed, countsAsFailure: true);
        }

        return state.IsTransientlyEmpty(value)
            ? AttemptOutcome.Retry("empty_page", countsAsFailure: false)
            : AttemptOutcome.Success(value);
    }
}
