namespace PropGrade.Core.Grading;

/// <summary>
/// One agent, graded. Volumes are dollars; sides may be fractional (co-listing shares).
/// <see cref="Complete"/> is false when pages could not all be read or the depth cap was hit; then
/// <see cref="StopReason"/> says why and the figures are what was read.
/// </summary>
public sealed record AgentResult(
    long AdvertiserId,
    long FulfillmentId,
    string Name,
    string? Office,
    string? Market,
    string Tier,
    string? InitialTier,
    decimal SoldVolume,
    decimal SoldSides,
    decimal ActiveVolume,
    decimal ActiveCount,
    bool Complete,
    bool Skipped,
    string StopReason,
    int PagesFetched,
    int Calls);
