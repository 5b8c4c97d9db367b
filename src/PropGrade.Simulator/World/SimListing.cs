namespace PropGrade.Simulator.World;

/// <summary>
/// A listing of the simulated world, kept compact (ids, address and links are derived from <see cref="Key"/> when
/// served). <see cref="SoldDate"/> / <see cref="SoldPrice"/> are the sale of a <see cref="ListingStatus.Sold"/> listing
/// (a null price: undisclosed) and, on any other listing, the property's <b>previous</b> sale (both null: none).
/// </summary>
internal sealed class SimListing
{
    /// <summary>The number served as <c>listing_id</c> (unique in a world).</summary>
    public required ulong Key { get; init; }

    public required ListingStatus Status { get; init; }

    public required long ListPrice { get; init; }

    /// <summary>The day the listing started (always known to the world; served unless <see cref="ListDateHidden"/>).</summary>
    public required DateOnly ListDate { get; init; }

    /// <summary>The response leaves <c>list_date</c> out (the provider sometimes does).</summary>
    public bool ListDateHidden { get; init; }

    public DateOnly? SoldDate { get; init; }

    public long? SoldPrice { get; init; }

    /// <summary><c>flags.is_pending</c> (for_sale listings only).</summary>
    public bool IsPending { get; init; }

    /// <summary><c>flags.is_contingent</c> (for_sale listings only).</summary>
    public bool IsContingent { get; init; }

    public required int MarketIndex { get; init; }

    public required int StreetNumber { get; init; }

    public required string Street { get; init; }

    public required string PropType { get; init; }

    /// <summary>Bedrooms (0 for land: served as null, like sqft and baths).</summary>
    public required int Beds { get; init; }

    /// <summary>Bathrooms in halves (5 = "2.5").</summary>
    public required int BathHalves { get; init; }

    public required int Sqft { get; init; }

    public required SimAdvertiser[] Advertisers { get; init; }

    public bool IsSold => Status == ListingStatus.Sold;

    /// <summary>Not sold: what the forSale feed holds (for_sale, off_market, for_rent).</summary>
    public bool IsUnsold => Status != ListingStatus.Sold;

    /// <summary>The number served as <c>property_id</c> (10 digits).</summary>
    public static ulong PropertyNumber(ulong key) => 1_000_000_000UL + (SplitMix.Mix(key ^ 0x5050) % 9_000_000_000UL);

    public bool HasAgent(int agentIndex)
    {
        foreach (var a in Advertisers)
        {
            if (a.AgentIndex == agentIndex)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>How many advertiser entries are on <paramref name="side"/> (at most 2 in the simulator).</summary>
    public int CountSide(AdvertiserSide side)
    {
        var n = 0;
        foreach (var a in Advertisers)
        {
            if (a.Side == side)
            {
                n++;
            }
        }

        return n;
    }

    public bool IsOn(int agentIndex, AdvertiserSide side)
    {
        foreach (var a in Advertisers)
        {
            if (a.AgentIndex == agentIndex && a.Side == side)
            {
                return true;
            }
        }

        return false;
    }
}
