namespace PropGrade.Core.Listings;

/// <summary>
/// The profile's <c>recently_sold</c> (12 months before the API's today) or <c>for_sale_price</c> block:
/// how many listings, their price range and the latest date.
/// </summary>
public sealed record ActivitySummary(int Count, decimal? Min, decimal? Max, DateOnly? LastDate)
{
    public static ActivitySummary None { get; } = new(0, null, null, null);
}
