namespace PropGrade.Core.Audit;

/// <summary>
/// Passes every exchange on and adds up how long the attempts took on the wire (the listing API's latency, without the
/// time spent waiting for the rate): what the worker count is derived from. Thread-safe.
/// </summary>
public sealed class TimingRecorder(IRawRecorder inner) : IRawRecorder
{
    private readonly IRawRecorder _inner = inner ?? throw new ArgumentNullException(nameof(inner));
    private long _attempts;
    private long _microseconds;

    /// <summary>Attempts seen.</summary>
    public long Attempts => Interlocked.Read(ref _attempts);

    /// <summary>Their durations added up, in milliseconds.</summary>
    public long Milliseconds => Interlocked.Read(ref _microseconds) / 1000;

    public void Record(RawExchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        Interlocked.Increment(ref _attempts);
        Interlocked.Add(ref _microseconds, (long)(exchange.DurationMs * 1000));
        _inner.Record(exchange);
    }
}
