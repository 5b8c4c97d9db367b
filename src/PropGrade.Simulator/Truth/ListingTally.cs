using PropGrade.Simulator.World;

namespace PropGrade.Simulator.Truth;

/// <summary>
/// The oracle's running figures for one agent over the listings it has read (each listing once), by the metric rules of
/// docs/grading-rules.md: sides by advertiser type, shares split per side, undisclosed prices by the query's mode,
/// previous-sale fields of listings that are not sold ignored, unknown-type appearances counted apart.
/// </summary>
internal sealed class ListingTally(int agentIndex, TruthQuery query)
{
    private readonly HashSet<ulong> _seen = [];

    public decimal SoldVolume { get; private set; }

    public decimal Sides { get; private set; }

    public decimal ActiveVolume { get; private set; }

    public decimal ActiveCount { get; private set; }

    public int UndisclosedSales { get; private set; }

    public int UnknownSides { get; private set; }

    /// <summary><c>soldVolume + (includeActive ? activeVolume : 0)</c>.</summary>
    public decimal Volume => SoldVolume + (query.IncludeActive ? ActiveVolume : 0m);

    public void Add(SimListing listing)
    {
        if (!_seen.Add(listing.Key))
        {
            return;
        }

        var shareListing = Share(listing, AdvertiserSide.Listing);
        var shareBuyer = Share(listing, AdvertiserSide.Buyer);
        if (listing.Status == ListingStatus.Sold)
        {
            if (listing.SoldDate is not { } sold || sold < query.SoldSince || sold > query.AsOf)
            {
                return;
            }

            if (shareListing + shareBuyer == 0m)
            {
                CountUnknown(listing);
                return;
            }

            decimal price;
            if (listing.SoldPrice is { } disclosed)
            {
                price = disclosed;
            }
            else
            {
                UndisclosedSales++;
                price = query.UndisclosedPrice == UndisclosedPrice.ListPrice ? listing.ListPrice : 0m;
            }

            Sides += shareListing + shareBuyer;
            SoldVolume += (shareListing + shareBuyer) * price;
        }
        else if (listing.Status == ListingStatus.ForSale && query.IncludeActive)
        {
            if (shareListing + shareBuyer == 0m)
            {
                CountUnknown(listing);
            }

            ActiveCount += shareListing;
            ActiveVolume += shareListing * listing.ListPrice;
        }
    }

    /// <summary>The agent appears on an eligible listing only with types of no side.</summary>
    private void CountUnknown(SimListing listing)
    {
        if (listing.HasAgent(agentIndex))
        {
            UnknownSides++;
        }
    }

    /// <summary>1 / (advertiser entries on that side) when the agent is one of them, else 0.</summary>
    private decimal Share(SimListing listing, AdvertiserSide side) =>
        listing.IsOn(agentIndex, side) ? 1m / listing.CountSide(side) : 0m;
}
