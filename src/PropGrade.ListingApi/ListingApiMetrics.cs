using System.Collections.Concurrent;

namespace PropGrade.ListingApi;

/// <summary>Live, thread-safe counters of one <see cref="ListingApiClient"/>, for progress and benchmarks.</summary>
public sealed class ListingApiMetrics
{
    private readonly ConcurrentDictionary<string, long> _faults = new(StringComparer.Ordinal);
    private long _requests;
    private long _throttled;
    private long _retries;
    private long _succeeded;
    private long _failed;
    private long _circuitOpenings;
    private Func<double> _currentRate = static () => 0;
    private Func<double> _lowestRate = static () => 0;

    /// <summary>HTTP attempts sent (retries included).</summary>
    public long RequestsSent => Interlocked.Read(ref _requests);

    /// <summary>Responses that were 429 (per-second rate or quota).</summary>
    public long Throttled => Interlocked.Read(ref _throttled);

    /// <summary>Retries scheduled (attempts after the first).</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>Logical calls that returned a value.</summary>
    public long SucceededCalls => Interlocked.Read(ref _succeeded);

    /// <summary>Logical calls that ended in an exception (after retries, or failing fast).</summary>
    public long FailedCalls => Interlocked.Read(ref _failed);

    /// <summary>How often the circuit breaker opened.</summary>
    public long CircuitOpenings => Interlocked.Read(ref _circuitOpenings);

    /// <summary>The adaptive limiter's current rate, requests per second.</summary>
    public double CurrentRequestsPerSecond => _currentRate();

    /// <summary>The lowest rate the adaptive limiter slowed down to so far (429s halve it), requests per second.</summary>
    public double LowestRequestsPerSecond => _lowestRate();

    /// <summary>Attempts by fault class (<c>http_503</c>, <c>timeout</c>, <c>malformed_body</c>, <c>circuit_open</c>, ...), a snapshot.</summary>
    public IReadOnlyDictionary<string, long> FaultsByClass => new Dictionary<string, long>(_faults, StringComparer.Ordinal);

    internal void AttachRate(Func<double> currentRate, Func<double> lowestRate)
    {
        _currentRate = currentRate;
        _lowestRate = lowestRate;
    }

    internal void RequestSent() => Interlocked.Increment(ref _requests);

    internal void ThrottledResponse() => Interlocked.Increment(ref _throttled);

    internal void RetryScheduled() => Interlocked.Increment(ref _retries);

    internal void CallSucceeded() => Interlocked.Increment(ref _succeeded);

    internal void CallFailed() => Interlocked.Increment(ref _failed);

    internal void CircuitOpened() => Interlocked.Increment(ref _circuitOpenings);

    internal void Fault(string reason) => _faults.AddOrUpdate(reason, 1, static (_, n) => n + 1);
}
