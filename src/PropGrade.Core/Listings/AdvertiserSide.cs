namespace PropGrade.Core.Listings;

/// <summary>The side an advertiser is on: <c>seller</c> = listing side, <c>buyer</c> = buyer side.</summary>
public enum AdvertiserSide
{
    Seller,
    Buyer,
}
