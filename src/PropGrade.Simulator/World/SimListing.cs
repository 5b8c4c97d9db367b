namespace PropGrade.Simulator.World;

/// <summary>
/// A listing of the simulated world, kept compact (~70 bytes plus its advertisers: a 100,000-agent world regenerates
/// listings all the time). Ids, address, links and the cosmetic details are derived when served: the number behind
/// <c>listing_id</c> is <see cref="Key"/>, the rest comes from <see cref="Detail"/> (<see cref="ListingDetails"/>).
/// <see cref="SoldDate"/> / <see cref="SoldPrice"/> are the sale of a <see cref="ListingStatus.Sold"/> listing (a null
/// price: undisclosed) and, on any other listing, the property's <b>previous</b> sale (both null: none).
/// </summary>
internal sealed class SimListing
{
    private int _soldDay = -1;
    private long _soldPrice = -1;

    /// <summary>The number served as <c>listing_id</c> (unique in a world).</summary>
    public required ulong Key { get; init; }

    public required ListingStatus Status { get; init; }

    public required long ListPrice { get; init; }

    /// <summary>The day the listing started (always known to the world; served unless <see cref="ListDateHidden"/>).</summary>
    public required DateOnly ListDate { get; init; }

    /// <summary>The response leaves <c>list_date</c> out (the provider sometimes does).</summary>
    public bool ListDateHidden { get; init; }

    public DateOnly? SoldDate
    {
        get => _soldDay < 0 ? null : DateOnly.FromDayNumber(_soldDay);
        init => _soldDay = value?.DayNumber ?? -1;
    }

    public long? SoldPrice
    {
        get => _soldPrice < 0 ? null : _soldPrice;
        init => _soldPrice = value ?? -1;
    }

    /// <summary><c>flags.is_pending</c> (for_sale listings only).</summary>
    public bool IsPending { get; init; }

    /// <summary><c>flags.is_contingent</c> (for_sale listings only).</summary>
    public bool IsContingent { get; init; }

    public required int MarketIndex { get; init; }

    /// <summary>The seed of the cosmetic details (address line, beds, baths, sqft, property type).</summary>
    public required uint Detail { get; init; }

    public required SimAdvertiser[] Advertisers { get; init; }

    public ListingDetails Details => ListingDetails.From(Detail);

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
