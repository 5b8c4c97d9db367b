namespace PropGrade.Core.Explain;

/// <summary>
/// One listing read for an agent, as the grading counted it (or did not): the "why this tier" view's row.
/// </summary>
/// <param name="Stage"><c>active</c> or <c>sold</c>: the pages it was read on.</param>
/// <param name="Page">The 1-based page.</param>
/// <param name="ListingId">The provider's listing id.</param>
/// <param name="Status"><c>sold</c>, <c>for_sale</c>, <c>off_market</c>, ...</param>
/// <param name="AgentTypes">The advertiser types the agent appears with on it (<c>seller</c>, <c>co_buyer</c>, ...); empty when not on it.</param>
/// <param name="ListingShare">The agent's share of the listing side.</param>
/// <param name="BuyerShare">The agent's share of the buyer side.</param>
/// <param name="ListPrice">The list price, when sent.</param>
/// <param name="SoldPrice">The sale price of a sold listing; null when undisclosed or not sold.</param>
/// <param name="Price">The price the rules counted (null when not counted).</param>
/// <param name="Undisclosed">A counted sale whose price was undisclosed (counted at its list price, or 0 when excluded).</param>
/// <param name="SoldDate">The sale date of a sold listing.</param>
/// <param name="ListDate">The list date, when sent.</param>
/// <param name="PreviousSaleDate">On a listing that is not sold: its previous sale's date (never counted).</param>
/// <param name="PostalCode">The ZIP.</param>
/// <param name="Verdict">One of <see cref="Stages.ListingVerdicts"/>.</param>
/// <param name="Counted">True when it added to the figures.</param>
/// <param name="Volume">What it added to the volume.</param>
/// <param name="Sides">What it added to the sides (sold) or the active count (active).</param>
/// <param name="Reason">The verdict in words.</param>
public sealed record ExplainedListing(
    string Stage,
    int Page,
    string ListingId,
    string Status,
    IReadOnlyList<string> AgentTypes,
    decimal ListingShare,
    decimal BuyerShare,
    decimal? ListPrice,
    decimal? SoldPrice,
    decimal? Price,
    bool Undisclosed,
    DateOnly? SoldDate,
    DateOnly? ListDate,
    DateOnly? PreviousSaleDate,
    string? PostalCode,
    string Verdict,
    bool Counted,
    decimal Volume,
    decimal Sides,
    string Reason);
