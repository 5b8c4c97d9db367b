namespace PropGrade.ListingApi.Probe;

/// <summary>
/// One agent's sold history paged to the end (within the depth cap), against its profile figures
/// (<c>docs/grading-rules.md</c>, "Profile bound"): sides &lt;= 2 x <c>recently_sold.count</c> and sold volume &lt;=
/// 2 x count x <c>recently_sold.max</c> over the 12 months before the API's today, and newest-first order on every page.
/// </summary>
/// <param name="AdvertiserId">The agent.</param>
/// <param name="Name">Its <c>person_name</c>.</param>
/// <param name="Pages">forSold pages read.</param>
/// <param name="ListingsRead">Distinct listings on them.</param>
/// <param name="WindowListings">Distinct sold listings in the 12-month window the agent appears on (any type).</param>
/// <param name="RecentlySoldCount">The profile's <c>recently_sold.count</c>.</param>
/// <param name="Sides">Sides in the window, by the grading rules.</param>
/// <param name="MaxSides">2 x <c>recently_sold.count</c>.</param>
/// <param name="Volume">Sold volume in the window (an undisclosed price at the list price, as <c>recently_sold.max</c> counts it).</param>
/// <param name="MaxVolume">2 x count x <c>recently_sold.max</c>.</param>
/// <param name="HighestPrice">The highest price in the window (sold price, else list price).</param>
/// <param name="RecentlySoldMax">The profile's <c>recently_sold.max</c>.</param>
/// <param name="BoundHeld">Both bounds held.</param>
/// <param name="OrderHeld">Every page newest first, and each page no newer than the one before.</param>
/// <param name="PagesOutOfOrder">Pages that broke the order.</param>
/// <param name="CoversWindow">The pages read reach past the window's start (or the end of the data): the window's figures are complete.</param>
/// <param name="Stop"><c>end_of_data</c>, <c>depth_cap</c>, <c>budget</c> or the failure's reason.</param>
/// <param name="Detail">What broke, in words; null when everything held.</param>
public sealed record AgentAudit(
    string AdvertiserId,
    string Name,
    int Pages,
    int ListingsRead,
    int WindowListings,
    int RecentlySoldCount,
    decimal Sides,
    decimal MaxSides,
    decimal Volume,
    decimal MaxVolume,
    decimal? HighestPrice,
    decimal? RecentlySoldMax,
    bool BoundHeld,
    bool OrderHeld,
    int PagesOutOfOrder,
    bool CoversWindow,
    string Stop,
    string? Detail);
