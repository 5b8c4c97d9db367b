namespace PropGrade.Simulator.World;

/// <summary>
/// A listing's status as the API spells it: <c>sold</c>, <c>for_sale</c> (pending and contingent are flags on it),
/// <c>off_market</c>, <c>for_rent</c>.
/// </summary>
internal enum ListingStatus : byte
{
    ForSale,
    Sold,
    OffMarket,
    ForRent,
}
