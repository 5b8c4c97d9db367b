using System.Collections.Concurrent;
using PropGrade.Core.Estimates;

namespace PropGrade.ListingApi;

/// <summary>Live, thread-safe counters of one <see cref="ListingApiClient"/>, for progress and benchmarks.</summary>
public sealed class ListingApiMetrics
{
    private readonly ConcurrentDictionary<string, long> _faults = new(StringComparer.Ordinal);
    private QuotaSnapshot? _quota;
    private long _requests;
    private long _attempts;
    private long _throttled;
    private long _faultRetries;
    private long _throttleRetries;
    private long _succeeded;
    private long _failed;
    private long _circuitOpenings;
    private long _permitWaitTicks;
    private long _throttleWaitTicks;
    private Func<double> _currentRate = static () => 0;
    private Func<double> _lowestRate = static () => 0;
    private Func<double> _planRate = static () => 0;
    private Func<double?> _adoptedRate = static () => null;
    private Func<long> _slowdowns = static () => 0;

    /// <summary>HTTP attempts sent (retries included).</summary>
    public long RequestsSent => Interlocked.Read(ref _requests);

    /// <summary>
    /// Attempts written to the raw recorder: every request sent (answered, failed, or cut by a timeout) plus the
    /// attempts the open circuit refused (no request). Equals the number of raw records of the calls.
    /// </summary>
    public long Attempts => Interlocked.Read(ref _attempts);

    /// <summary>Responses that were 429 (per-second rate or quota).</summary>
    public long Throttled => Interlocked.Read(ref _throttled);

    /// <summary>Retries scheduled (attempts after the first): <see cref="FaultRetries"/> + <see cref="ThrottleRetries"/>.</summary>
    public long Retries => FaultRetries + ThrottleRetries;

    /// <summary>Retries after faults (the <c>MaxRetryAttempts</c> budget).</summary>
    public long FaultRetries => Interlocked.Read(ref _faultRetries);

    /// <summary>Retries after per-second 429s (the <c>ThrottlePatience</c> budget).</summary>
    public long ThrottleRetries => Interlocked.Read(ref _throttleRetries);

    /// <summary>Logical calls that returned a value.</summary>
    public long SucceededCalls => Interlocked.Read(ref _succeeded);

    /// <summary>Logical calls that ended in an exception (after retries, or failing fast).</summary>
    public long FailedCalls => Interlocked.Read(ref _failed);

    /// <summary>How often the circuit breaker opened.</summary>
    public long CircuitOpenings => Interlocked.Read(ref _circuitOpenings);

    /// <summary>Time attempts spent queued for a permit of the pacing limiter, summed over attempts (never a failure).</summary>
    public TimeSpan PermitWait => TimeSpan.FromTicks(Interlocked.Read(ref _permitWaitTicks));

    /// <summary>Time calls spent waiting for the reset after a per-second 429, summed over retries.</summary>
    public TimeSpan ThrottleWait => TimeSpan.FromTicks(Interlocked.Read(ref _throttleWaitTicks));

    /// <summary>The pacing limiter's current rate, requests per second (just below the plan's rate when all is well).</summary>
    public double CurrentRequestsPerSecond => _currentRate();

    /// <summary>The lowest rate the pacing limiter slowed down to so far (429s slow it), requests per second.</summary>
    public double LowestRequestsPerSecond => _lowestRate();

    /// <summary>The plan's rate in force: the configured <c>RequestsPerSecond</c>, or the server's lower <c>x-ratelimit-limit</c>.</summary>
    public double PlanRequestsPerSecond => _planRate();

    /// <summary>The server's <c>x-ratelimit-limit</c> as requests per second, once the client adopted it (lower than configured); null otherwise.</summary>
    public double? AdoptedRequestsPerSecond => _adoptedRate();

    /// <summary>How often a per-second 429 slowed the pacing rate down.</summary>
    public long RateSlowdowns => _slowdowns();

    /// <summary>Attempts by fault class (<c>http_503</c>, <c>timeout</c>, <c>malformed_body</c>, <c>circuit_open</c>, ...), a snapshot.</summary>
    public IReadOnlyDictionary<string, long> FaultsByClass => new Dictionary<string, long>(_faults, StringComparer.Ordinal);

    internal void AttachLimiter(Resilience.AdaptiveRateLimiter limiter)
    {
        _currentRate = () => limiter.CurrentRate;
        _lowestRate = () => limiter.LowestRate;
        _planRate = () => limiter.PlanRate;
        _adoptedRate = () => limiter.AdoptedRate;
        _slowdowns = () => limiter.Slowdowns;
    }

    /// <summary>The plan's period quota as the last response that reported it said (null until one did), for estimates.</summary>
    public QuotaSnapshot? LastQuota => Volatile.Read(ref _quota);

    internal void QuotaSeen(QuotaSnapshot quota) => Volatile.Write(ref _quota, quota);

    internal void RequestSent() => Interlocked.Increment(ref _requests);

    internal void AttemptRecorded() => Interlocked.Increment(ref _attempts);

    internal void ThrottledResponse() => Interlocked.Increment(ref _throttled);

    internal void FaultRetryScheduled() => Interlocked.Increment(ref _faultRetries);

    internal void ThrottleRetryScheduled(TimeSpan wait)
    {
        Interlocked.Increment(ref _throttleRetries);
        Interlocked.Add(ref _throttleWaitTicks, wait.Ticks);
    }

    internal void PermitWaited(TimeSpan wait) => Interlocked.Add(ref _permitWaitTicks, wait.Ticks);

    internal void CallSucceeded() => Interlocked.Increment(ref _succeeded);

    internal void CallFailed() => Interlocked.Increment(ref _failed);

    internal void CircuitOpened() => Interlocked.Increment(ref _circuitOpenings);

    internal void Fault(string reason) => _faults.AddOrUpdate(reason, 1, static (_, n) => n + 1);
}
