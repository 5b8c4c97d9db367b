namespace PropGrade.Core.Listings;

/// <summary>One page of <c>/agents/get-listings</c>. Pages are 1-based; a page past the end has no listings.</summary>
public sealed record ListingPage(int Page, int PageSize, int MatchingRows, IReadOnlyList<Listing> Listings)
{
    /// <summary>True when no page after this one can hold a listing.</summary>
    public bool IsLast => Listings.Count == 0 || (long)Page * PageSize >= MatchingRows;
}
