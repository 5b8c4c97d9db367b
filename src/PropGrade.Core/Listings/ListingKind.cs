namespace PropGrade.Core.Listings;

/// <summary>The two listing feeds of <c>/agents/get-listings</c>: <c>type=forSale</c> and <c>type=forSold</c>.</summary>
public enum ListingKind
{
    /// <summary>Active listings (status <c>for_sale</c>, pending or not), newest first.</summary>
    ForSale,

    /// <summary>Sold listings, newest <c>sold_date</c> first.</summary>
    ForSold,
}
