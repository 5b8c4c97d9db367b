namespace PropGrade.Simulator.Api;

/// <summary>The rate limiter's answer for one request, with the figures the x-ratelimit-* headers carry.</summary>
internal readonly record struct RateVerdict(
    RateOutcome Outcome,
    long RequestsLimit,
    long RequestsRemaining,
    long RequestsResetSeconds,
    long Limit,
    long Remaining,
    long ResetSeconds,
    long RetryAfterSeconds);
