namespace PropGrade.Cdk;

/// <summary>
/// The state machine's timeout, derived from the largest run the deployment must finish instead of a fixed figure.
/// A run is bound by the listing API's rate, not by compute, so its duration is its calls over the plan's rate:
/// <code>
/// timeout = min(365 days, ceil_to_hour(safety × agents × callsPerAgent / requestsPerSecond + 1 hour))
/// </code>
/// The hour covers what is not rate-bound (start, item batching, aggregation); <c>safety</c> covers retries, backoff
/// and workers pacing below the plan. 365 days is Step Functions' limit for a STANDARD execution.
/// Defaults (1,000,000 agents × 3 calls at 5 req/s, safety 2): 1,200,000 s + 1 h → 335 h (about 14 days).
/// </summary>
public static class ExecutionTimeout
{
    /// <summary>The longest a STANDARD execution may run (one year).</summary>
    public static readonly TimeSpan StepFunctionsLimit = TimeSpan.FromDays(365);

    /// <summary>Time a run spends outside the rate-bound fan-out.</summary>
    public static readonly TimeSpan FixedAllowance = TimeSpan.FromHours(1);

    /// <summary>The timeout for a run of <paramref name="agents"/> agents (whole hours, capped at one year).</summary>
    public static TimeSpan For(int agents, double callsPerAgent, double requestsPerSecond, double safetyFactor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(agents, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(callsPerAgent);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(requestsPerSecond);
        ArgumentOutOfRangeException.ThrowIfLessThan(safetyFactor, 1);

        var rateBoundSeconds = safetyFactor * agents * callsPerAgent / requestsPerSecond;
        var hours = Math.Ceiling((rateBoundSeconds + FixedAllowance.TotalSeconds) / 3600);
        return hours >= StepFunctionsLimit.TotalHours ? StepFunctionsLimit : TimeSpan.FromHours(hours);
    }
}
