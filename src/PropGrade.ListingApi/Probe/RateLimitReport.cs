namespace PropGrade.ListingApi.Probe;

/// <summary>
/// The RapidAPI headers of the last answered request: the plan's period quota (<c>x-ratelimit-requests-*</c>) and, when
/// the API sets one, the per-window rate limit (<c>x-ratelimit-limit/-remaining/-reset</c>). Values as sent; null = not sent.
/// </summary>
/// <param name="RequestsLimit"><c>x-ratelimit-requests-limit</c>: the period quota.</param>
/// <param name="RequestsRemaining"><c>x-ratelimit-requests-remaining</c>: the quota left.</param>
/// <param name="RequestsReset"><c>x-ratelimit-requests-reset</c>: seconds until the quota renews.</param>
/// <param name="Limit"><c>x-ratelimit-limit</c>.</param>
/// <param name="Remaining"><c>x-ratelimit-remaining</c>.</param>
/// <param name="Reset"><c>x-ratelimit-reset</c> (seconds or a timestamp).</param>
/// <param name="QuotaLeft">The quota left after the probe, when the provider said.</param>
/// <param name="QuotaLeftAtStart">The quota left after the probe's first answered request.</param>
/// <param name="ResponsesWithQuotaHeaders">Answers that carried <c>x-ratelimit-requests-remaining</c>.</param>
/// <param name="Responses">Answers received.</param>
/// <param name="Summary">The above in one line.</param>
public sealed record RateLimitReport(
    string? RequestsLimit,
    string? RequestsRemaining,
    string? RequestsReset,
    string? Limit,
    string? Remaining,
    string? Reset,
    long? QuotaLeft,
    long? QuotaLeftAtStart,
    int ResponsesWithQuotaHeaders,
    int Responses,
    string Summary);
