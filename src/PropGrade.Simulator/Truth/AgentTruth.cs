namespace PropGrade.Simulator.Truth;

/// <summary>
/// The oracle's answer for one agent. <see cref="SoldVolume"/> .. <see cref="UnknownSides"/> are the figures the
/// minimal reader arrives at (lower bounds meeting the tier when stopped by <c>tier_settled</c>, zero after
/// <c>profile_bound</c> and <c>no_mls_id</c>); the <c>Window*</c> figures are the exact totals over the whole window.
/// </summary>
internal sealed record AgentTruth(
    long AdvertiserId,
    string NrdsId,
    string PostalCode,
    decimal SoldVolume,
    decimal SoldSides,
    decimal ActiveVolume,
    decimal ActiveCount,
    int UndisclosedSales,
    int UnknownSides,
    bool VolumeEstimated,
    string Tier,
    int MinCalls,
    int ActivePages,
    int SoldPages,
    bool Complete,
    string StopReason,
    decimal WindowSoldVolume,
    decimal WindowSoldSides,
    decimal WindowActiveVolume,
    decimal WindowActiveCount,
    int WindowUndisclosedSales,
    string WindowTier);
