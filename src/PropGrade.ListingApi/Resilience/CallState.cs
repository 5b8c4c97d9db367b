using PropGrade.Core.Listings;

namespace PropGrade.ListingApi.Resilience;

/// <summary>
/// One logical call travelling through the resilience pipeline: what to ask, how to map it, how many tries so far and
/// what is left of its two budgets: the fault budget (<see cref="FaultRetries"/> against <c>MaxRetryAttempts</c>, and
/// <see cref="Spent"/> against <c>TotalTimeout</c>) and the throttle patience (from <see cref="FirstThrottled"/>).
/// A call's attempts run one after another, so only <see cref="Attempts"/> (read by the caller's error paths) needs
/// to be thread-safe.
/// </summary>
internal sealed class CallState(
    ListingApiClient client,
    string url,
    int? page,
    FetchContext context,
    Func<byte[], object> map,
    Func<object, bool> isTransientlyEmpty)
{
    private int _attempts;

    public ListingApiClient Client { get; } = client;

    public string Url { get; } = url;

    public int? Page { get; } = page;

    public FetchContext Context { get; } = context;

    /// <summary>Attempts recorded so far (requests sent plus attempts the open circuit refused).</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>Retries spent on faults (5xx, resets, timeouts, bad bodies, circuit open): the <c>MaxRetryAttempts</c> budget.</summary>
    public int FaultRetries { get; set; }

    /// <summary>Retries after per-second 429s (not counted against <c>MaxRetryAttempts</c>).</summary>
    public int ThrottleRetries { get; set; }

    /// <summary>
    /// Time the call has used of <c>TotalTimeout</c>: its attempts (except per-second 429s) and fault backoff delays.
    /// Waits for a permit and for a 429's reset are not counted.
    /// </summary>
    public TimeSpan Spent { get; set; }

    /// <summary>Timestamp (<see cref="TimeProvider"/>) of the call's first per-second 429; throttle patience runs from it.</summary>
    public long? FirstThrottled { get; set; }

    /// <summary>The delay the retry predicate chose for the retry it just allowed.</summary>
    public TimeSpan NextDelay { get; set; }

    /// <summary>Set when the call stopped retrying 429s because its throttle patience ran out.</summary>
    public bool ThrottlePatienceExhausted { get; set; }

    public int NextAttempt() => Interlocked.Increment(ref _attempts);

    public object Map(byte[] body) => map(body);

    public bool IsTransientlyEmpty(object value) => isTransientlyEmpty(value);
}
