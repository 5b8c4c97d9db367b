namespace PropGrade.ListingApi.Probe;

/// <summary>What the <c>get-listings</c> pages showed, over every page read (the audit's too).</summary>
/// <param name="ForSoldPages">forSold pages read and mapped.</param>
/// <param name="ForSalePages">forSale pages read and mapped.</param>
/// <param name="PageSize">The page size seen (results on a page that was not the last), or null when every page was the last.</param>
/// <param name="PageSizeDetail">Page sizes and totals seen, in words.</param>
/// <param name="Statuses">Listing statuses, with counts.</param>
/// <param name="AdvertiserTypes">Advertiser types, with counts.</param>
/// <param name="UnknownAdvertiserTypes">Types on no side (counted as <c>unknown_sides</c>, warned as <c>unknown_advertiser_type</c>).</param>
/// <param name="SoldListings">Sold listings seen.</param>
/// <param name="UndisclosedSoldPrices">Of those, how many had <c>sold_price: null</c> (graded at the list price or excluded).</param>
/// <param name="UndisclosedShare">Their share, 0..1; null without sold listings.</param>
/// <param name="NotSoldListings">Listings that are not sold.</param>
/// <param name="PreviousSaleOnNotSold">Of those, how many carried <c>description.sold_*</c> (the property's previous sale; never counted).</param>
/// <param name="Pending"><c>for_sale</c> listings with <c>flags.is_pending: true</c>.</param>
/// <param name="Contingent"><c>for_sale</c> listings with <c>flags.is_contingent: true</c>.</param>
/// <param name="SoldOrder"><c>newest first</c>, <c>broken</c> or <c>not checked</c> (every forSold page read, and across pages).</param>
/// <param name="SoldOrderDetail">Where it broke, or how many pages held.</param>
/// <param name="SaleOrder">forSale by <c>list_date</c>: <c>newest first</c>, <c>broken</c> or <c>not checked</c> (informational: the grader does not rely on it).</param>
/// <param name="SaleOrderDetail">Where it broke, or how many pages held.</param>
public sealed record ListingsReport(
    int ForSoldPages,
    int ForSalePages,
    int? PageSize,
    string PageSizeDetail,
    IReadOnlyDictionary<string, int> Statuses,
    IReadOnlyDictionary<string, int> AdvertiserTypes,
    IReadOnlyList<string> UnknownAdvertiserTypes,
    int SoldListings,
    int UndisclosedSoldPrices,
    double? UndisclosedShare,
    int NotSoldListings,
    int PreviousSaleOnNotSold,
    int Pending,
    int Contingent,
    string SoldOrder,
    string SoldOrderDetail,
    string SaleOrder,
    string SaleOrderDetail);
