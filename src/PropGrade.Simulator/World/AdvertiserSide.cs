namespace PropGrade.Simulator.World;

/// <summary>The side of a transaction an advertiser is on: <c>seller</c> (listing side) or <c>buyer</c>.</summary>
internal enum AdvertiserSide
{
    Seller,
    Buyer,
}
