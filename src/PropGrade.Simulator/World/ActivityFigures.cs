namespace PropGrade.Simulator.World;

/// <summary>The <c>recently_sold</c> / <c>for_sale_price</c> figures of a profile: count, price range, latest date.</summary>
internal sealed record ActivityFigures(int Count, long? Min, long? Max, DateOnly? LastDate, SimListing? Latest)
{
    public static ActivityFigures None { get; } = new(0, null, null, null, null);
}
