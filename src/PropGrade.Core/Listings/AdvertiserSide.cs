namespace PropGrade.Core.Listings;

/// <summary>
/// The side of a listing an advertiser is on (<c>docs/grading-rules.md</c>, "Sides by advertiser type"): the listing
/// side (<c>seller</c>, <c>co_seller</c>), the buyer side (<c>buyer</c>, <c>co_buyer</c>), or none (any other type:
/// it counts for nothing and is reported as an unknown side).
/// </summary>
public enum AdvertiserSide
{
    /// <summary>An advertiser type of no side: counts for nothing.</summary>
    None,

    /// <summary>The listing side: <c>seller</c> or <c>co_seller</c>.</summary>
    Seller,

    /// <summary>The buyer side: <c>buyer</c> or <c>co_buyer</c>.</summary>
    Buyer,
}
