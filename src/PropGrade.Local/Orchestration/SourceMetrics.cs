namespace PropGrade.Local.Orchestration;

/// <summary>What a listing source counted on the wire: HTTP requests (retries included), 429s and retries.</summary>
public sealed record SourceMetrics(long Requests, long Throttled, long Retries)
{
    public static SourceMetrics Zero { get; } = new(0, 0, 0);

    public SourceMetrics Minus(SourceMetrics other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(Requests - other.Requests, Throttled - other.Throttled, Retries - other.Retries);
    }
}
