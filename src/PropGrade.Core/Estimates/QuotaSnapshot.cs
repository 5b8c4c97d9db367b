namespace PropGrade.Core.Estimates;

/// <summary>
/// The plan's period quota as the last answered request reported it (<c>x-ratelimit-requests-limit</c>,
/// <c>x-ratelimit-requests-remaining</c>, <c>x-ratelimit-requests-reset</c>), and when it was seen.
/// </summary>
public sealed record QuotaSnapshot(long? Limit, long? Remaining, long? ResetSeconds, DateTimeOffset SeenAt);
