namespace PropGrade.Simulator.World;

/// <summary>The two sides of a transaction: the listing side (<c>seller</c>, <c>co_seller</c>) and the buyer side (<c>buyer</c>, <c>co_buyer</c>).</summary>
internal enum AdvertiserSide
{
    Listing,
    Buyer,
}
