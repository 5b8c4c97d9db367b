using System.Globalization;

namespace PropGrade.Simulator.World;

/// <summary>
/// A listing of the simulated world, kept compact (ids and address are derived from <see cref="Key"/> when served).
/// <see cref="SoldPrice"/> and <see cref="SoldDate"/> are set only for <see cref="ListingStatus.Sold"/>.
/// </summary>
internal sealed class SimListing
{
    public required ulong Key { get; init; }

    public required ListingStatus Status { get; init; }

    public required long ListPrice { get; init; }

    public long? SoldPrice { get; init; }

    public required DateOnly ListDate { get; init; }

    public DateOnly? SoldDate { get; init; }

    public required int MarketIndex { get; init; }

    public required int StreetNumber { get; init; }

    public required string Street { get; init; }

    public required string PropType { get; init; }

    public required int Beds { get; init; }

    public required int Baths { get; init; }

    public required int Sqft { get; init; }

    public required SimAdvertiser[] Advertisers { get; init; }

    public bool IsSold => Status == ListingStatus.Sold;

    public bool IsActive => Status is ListingStatus.ForSale or ListingStatus.Pending;

    /// <summary>"L-" and 16 hex digits: ordinal order of ids equals numeric order of keys.</summary>
    public string ListingId => "L-" + Key.ToString("x16", CultureInfo.InvariantCulture);

    public string PropertyId => "P-" + PropertyKey(Key).ToString("x16", CultureInfo.InvariantCulture);

    /// <summary>The number behind <see cref="PropertyId"/>.</summary>
    public static ulong PropertyKey(ulong key) => SplitMix.Mix(key ^ 0x5050);

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

    /// <summary>How many advertisers are on <paramref name="side"/> (at most 2 in the simulator).</summary>
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
