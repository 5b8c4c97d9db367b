namespace PropGrade.Simulator.World;

/// <summary>
/// The <c>recently_sold</c> / <c>for_sale_price</c> figures of a profile: count, price range, latest date, and the key
/// the latest entry's time of day is derived from.
/// </summary>
internal sealed record ActivityFigures(int Count, long? Min, long? Max, DateOnly? LastDate, ulong LatestKey)
{
    public static ActivityFigures None { get; } = new(0, null, null, null, 0);
}
