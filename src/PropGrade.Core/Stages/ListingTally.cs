using PropGrade.Core.Grading;
using PropGrade.Core.Listings;

namespace PropGrade.Core.Stages;

/// <summary>Adds one page of listings to an agent's figures by the share rules, each listing id once.</summary>
internal sealed class ListingTally
{
    private readonly long _fulfillmentId;
    private readonly HashSet<string> _seen;
    private readonly List<string> _seenOrder;

    public ListingTally(AgentState state)
    {
        _fulfillmentId = state.FulfillmentId;
        _seen = new HashSet<string>(state.SeenListingIds, StringComparer.Ordinal);
        _seenOrder = [.. state.SeenListingIds];
        SoldVolume = state.SoldVolume;
        SoldSides = state.SoldSides;
        ActiveVolume = state.ActiveVolume;
        ActiveCount = state.ActiveCount;
    }

    public decimal SoldVolume { get; private set; }

    public decimal SoldSides { get; private set; }

    public decimal ActiveVolume { get; private set; }

    public decimal ActiveCount { get; private set; }

    public IReadOnlyList<string> SeenListingIds => _seenOrder;

    public void AddSold(IReadOnlyList<Listing> listings, GradingPlan plan)
    {
        foreach (var listing in listings)
        {
            if (!listing.IsSold || listing.SoldDate is not { } date || listing.SoldPrice is not { } price
                || date < plan.SoldSince || date > plan.AsOf || !_seen.Add(listing.ListingId))
            {
                continue;
            }

            _seenOrder.Add(listing.ListingId);
            var share = Share(listing, AdvertiserSide.Seller) + Share(listing, AdvertiserSide.Buyer);
            SoldSides += share;
            SoldVolume += share * price;
        }
    }

    public void AddActive(IReadOnlyList<Listing> listings)
    {
        foreach (var listing in listings)
        {
            if (!listing.IsActive || !_seen.Add(listing.ListingId))
            {
                continue;
            }

            _seenOrder.Add(listing.ListingId);
            var share = Share(listing, AdvertiserSide.Seller);
            ActiveCount += share;
            ActiveVolume += share * listing.ListPrice;
        }
    }

    public decimal Volume(GradingPlan plan) => SoldVolume + (plan.IncludeActive ? ActiveVolume : 0m);

    public AgentState ApplyTo(AgentState state) => state with
    {
        SoldVolume = SoldVolume,
        SoldSides = SoldSides,
        ActiveVolume = ActiveVolume,
        ActiveCount = ActiveCount,
        SeenListingIds = [.. _seenOrder],
    };

    private decimal Share(Listing listing, AdvertiserSide side)
    {
        var onSide = 0;
        var mine = false;
        foreach (var advertiser in listing.Advertisers)
        {
            if (advertiser.Side != side)
            {
                continue;
            }

            onSide++;
            mine |= advertiser.FulfillmentId == _fulfillmentId;
        }

        return mine ? 1m / onSide : 0m;
    }
}
