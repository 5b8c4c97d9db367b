namespace PropGrade.Simulator.World;

/// <summary>Wire names and sides of <see cref="AdvertiserType"/>.</summary>
internal static class AdvertiserTypes
{
    /// <summary>What <see cref="AdvertiserType.Other"/> is served as.</summary>
    public const string OtherWireName = "agent";

    public static string WireName(AdvertiserType type) => type switch
    {
        AdvertiserType.Seller => "seller",
        AdvertiserType.CoSeller => "co_seller",
        AdvertiserType.Buyer => "buyer",
        AdvertiserType.CoBuyer => "co_buyer",
        _ => OtherWireName,
    };

    /// <summary>The side of a type, or null for a type of no side.</summary>
    public static AdvertiserSide? SideOf(AdvertiserType type) => type switch
    {
        AdvertiserType.Seller or AdvertiserType.CoSeller => AdvertiserSide.Listing,
        AdvertiserType.Buyer or AdvertiserType.CoBuyer => AdvertiserSide.Buyer,
        _ => null,
    };
}
