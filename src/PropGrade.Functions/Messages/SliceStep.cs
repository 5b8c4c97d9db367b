namespace PropGrade.Functions.Messages;

/// <summary>
/// <c>DiscoverMarket</c>'s output (at <c>$.progress</c>): whether the market is done; otherwise the Choice loops back and
/// the next invocation goes on at <see cref="NextOffset"/> (read from the saved slices, not from here).
/// </summary>
public sealed record SliceStep(bool Done, int? NextOffset, int Pages, int Calls);
