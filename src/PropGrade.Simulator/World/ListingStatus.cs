namespace PropGrade.Simulator.World;

/// <summary>A listing's status as the API spells it: <c>for_sale</c>, <c>pending</c> or <c>sold</c>.</summary>
internal enum ListingStatus
{
    ForSale,
    Pending,
    Sold,
}
