namespace PropGrade.Core.Runs;

/// <summary>A stored lease.</summary>
/// <param name="Name">What is leased: <c>run:{runId}</c> or <c>apikey:{key source}</c>.</param>
/// <param name="AcquiredAt">When the current owner took it.</param>
/// <param name="HeartbeatAt">When the current owner last renewed it.</param>
/// <param name="ExpiresAt">When another owner may take it without the holder's release.</param>
public sealed record Lease(
    string Name,
    string OwnerId,
    string Description,
    string? RunId,
    DateTimeOffset AcquiredAt,
    DateTimeOffset HeartbeatAt,
    DateTimeOffset ExpiresAt)
{
    /// <summary>True once nobody renewed it in time: another owner may take it.</summary>
    public bool IsExpired(DateTimeOffset now) => ExpiresAt <= now;

    /// <summary>"{holder} (run R) since T, last heartbeat H" — how refusals name the holder.</summary>
    public string Describe() =>
        FormattableString.Invariant($"{Description}{(RunId is null ? "" : $" (run {RunId})")} since {AcquiredAt:yyyy-MM-dd HH:mm:ss}Z, last heartbeat {HeartbeatAt:yyyy-MM-dd HH:mm:ss}Z, expires {ExpiresAt:yyyy-MM-dd HH:mm:ss}Z");
}
