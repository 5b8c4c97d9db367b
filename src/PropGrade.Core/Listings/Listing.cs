namespace PropGrade.Core.Listings;

/// <summary>
/// A listing as the grader sees it. <see cref="SoldPrice"/> and <see cref="SoldDate"/> come from the provider's
/// <c>description.sold_*</c> and are kept only when <see cref="Status"/> is <c>sold</c>: on any other listing those
/// fields hold the property's previous sale, which is never counted, so the mapper drops them.
/// </summary>
/// <param name="ListingId">The provider's <c>listing_id</c> (a listing counts once per agent).</param>
/// <param name="Status"><c>sold</c>, <c>for_sale</c>, <c>off_market</c>, <c>for_rent</c>, ...</param>
/// <param name="ListPrice">The <c>list_price</c>; null when absent (counts 0).</param>
/// <param name="SoldPrice">The sale price of a sold listing; null when undisclosed (or not sold).</param>
/// <param name="ListDate">The <c>list_date</c>, when present (grading never needs it).</param>
/// <param name="SoldDate">The sale date of a sold listing; null when absent (or not sold).</param>
/// <param name="PostalCode">The address's ZIP code.</param>
/// <param name="IsPending"><c>flags.is_pending</c>: a pending listing is still <c>for_sale</c>.</param>
/// <param name="IsContingent"><c>flags.is_contingent</c>.</param>
/// <param name="Advertisers">Every advertiser entry, whatever its type.</param>
/// <param name="PreviousSaleDate">
/// On a listing that is not sold, the <c>description.sold_date</c> it carries: the property's previous sale. Never
/// counted; kept only so that "why this tier" can say why such a listing did not count. Null on a sold listing.
/// </param>
public sealed record Listing(
    string ListingId,
    string Status,
    decimal? ListPrice,
    decimal? SoldPrice,
    DateOnly? ListDate,
    DateOnly? SoldDate,
    string? PostalCode,
    bool IsPending,
    bool IsContingent,
    IReadOnlyList<Advertiser> Advertisers,
    DateOnly? PreviousSaleDate = null)
{
    public const string StatusSold = "sold";
    public const string StatusForSale = "for_sale";

    public bool IsSold => Status == StatusSold;

    /// <summary>An active listing: <c>for_sale</c>, pending or not.</summary>
    public bool IsActive => Status == StatusForSale;
}
