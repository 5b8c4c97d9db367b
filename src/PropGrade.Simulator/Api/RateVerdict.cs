namespace PropGrade.Simulator.Api;

/// <summary>The rate limiter's answer for one request, with the figures every response's headers carry.</summary>
internal readonly record struct RateVerdict(
    RateOutcome Outcome,
    long RequestsLimit,
    long RequestsRemaining,
    long Limit,
    long Remaining,
    long ResetSeconds,
    long RetryAfterSeconds);
