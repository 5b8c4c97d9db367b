using PropGrade.Core.Listings;

namespace PropGrade.ListingApi.Resilience;

/// <summary>What one HTTP attempt came to: a mapped value, a retryable fault, or a failure that must not be retried.</summary>
internal sealed class AttemptOutcome
{
    private AttemptOutcome(string reason, object? value, bool retryable, ListingApiException? failure, bool countsAsFailure, RateLimitSignal? throttle)
    {
        Reason = reason;
        Value = value;
        IsRetryable = retryable;
        Failure = failure;
        CountsAsFailure = countsAsFailure;
        Throttle = throttle;
    }

    /// <summary><c>ok</c> or a reason code such as <c>http_503</c>, <c>malformed_body</c>.</summary>
    public string Reason { get; }

    public object? Value { get; }

    public bool IsSuccess => Reason == OkReason;

    public bool IsRetryable { get; }

    /// <summary>The exception to surface for a non-retryable outcome.</summary>
    public ListingApiException? Failure { get; }

    /// <summary>Whether the circuit breaker counts this as a failure of the API (5xx, bot 403, reset, bad body).</summary>
    public bool CountsAsFailure { get; }

    /// <summary>
    /// For a per-second 429 (retried with its own, time-based patience, not the fault budget): what the server said
    /// about when to come back (<c>Retry-After</c> when honoured, <c>x-ratelimit-reset</c>). Null for anything else.
    /// </summary>
    public RateLimitSignal? Throttle { get; }

    /// <summary>A per-second 429.</summary>
    public bool IsThrottled => Throttle is not null;

    /// <summary>The raw record's classification: <c>ok</c>, <c>retry:http_503</c>, <c>fail:http_404</c>.</summary>
    public string Classification => IsSuccess ? OkReason : (IsRetryable ? "retry:" : "fail:") + Reason;

    public const string OkReason = "ok";

    public const string ThrottledReason = "http_429";

    public static AttemptOutcome Success(object value) => new(OkReason, value, retryable: false, failure: null, countsAsFailure: false, throttle: null);

    public static AttemptOutcome Retry(string reason, bool countsAsFailure) =>
        new(reason, null, retryable: true, failure: null, countsAsFailure, throttle: null);

    /// <summary>A per-second 429: retried while the call's throttle patience lasts; never a failure for the breaker.</summary>
    public static AttemptOutcome Throttled(RateLimitSignal signal) =>
        new(ThrottledReason, null, retryable: true, failure: null, countsAsFailure: false, throttle: signal);

    public static AttemptOutcome Fail(ListingApiException failure) =>
        new(failure.Reason, null, retryable: false, failure, countsAsFailure: false, throttle: null);
}
