using PropGrade.Core.Listings;

namespace PropGrade.ListingApi.Resilience;

/// <summary>What one HTTP attempt came to: a mapped value, a retryable fault, or a failure that must not be retried.</summary>
internal sealed class AttemptOutcome
{
    private AttemptOutcome(string reason, object? value, bool retryable, ListingApiException? failure, bool countsAsFailure, TimeSpan? retryAfter)
    {
        Reason = reason;
        Value = value;
        IsRetryable = retryable;
        Failure = failure;
        CountsAsFailure = countsAsFailure;
        RetryAfter = retryAfter;
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

    /// <summary>The server's <c>Retry-After</c>, when it sent one and the client honours it.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>The raw record's classification: <c>ok</c>, <c>retry:http_503</c>, <c>fail:http_404</c>.</summary>
    public string Classification => IsSuccess ? OkReason : (IsRetryable ? "retry:" : "fail:") + Reason;

    public const string OkReason = "ok";

    public static AttemptOutcome Success(object value) => new(OkReason, value, retryable: false, failure: null, countsAsFailure: false, retryAfter: null);

    public static AttemptOutcome Retry(string reason, bool countsAsFailure, TimeSpan? retryAfter = null) =>
        new(reason, null, retryable: true, failure: null, countsAsFailure, retryAfter);

    public static AttemptOutcome Fail(ListingApiException failure) =>
        new(failure.Reason, null, retryable: false, failure, countsAsFailure: false, retryAfter: null);
}
