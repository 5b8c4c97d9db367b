using PropGrade.Core.Grading;
using PropGrade.Core.Listings;
using PropGrade.Core.Runs;

namespace PropGrade.Core.Stages;

/// <summary>
/// Adds one page of listings to an agent's figures by the rules of <c>docs/grading-rules.md</c> ("Metrics"): sides
/// by advertiser type, shares split per side, undisclosed sale prices, each listing id once per agent, unknown sides
/// counted. The agent is matched by its advertiser id, compared with each advertiser's <c>fulfillment_id</c> as a string.
/// </summary>
internal sealed class ListingTally
{
    private readonly string _advertiserId;
    private readonly HashSet<string> _seen;
    private readonly List<string> _seenOrder;
    private readonly List<string> _unknownTypes;

    public ListingTally(AgentState state)
    {
        _advertiserId = state.Item.AdvertiserId;
        _seen = new HashSet<string>(state.SeenListingIds, StringComparer.Ordinal);
        _seenOrder = [.. state.SeenListingIds];
        _unknownTypes = [.. state.UnknownTypes ?? []];
        SoldVolume = state.SoldVolume;
        SoldSides = state.SoldSides;
        ActiveVolume = state.ActiveVolume;
        ActiveCount = state.ActiveCount;
        UndisclosedSales = state.UndisclosedSales;
        UnknownSides = state.UnknownSides;
    }

    public decimal SoldVolume { get; private set; }

    public decimal SoldSides { get; private set; }

    public decimal ActiveVolume { get; private set; }

    public decimal ActiveCount { get; private set; }

    public int UndisclosedSales { get; private set; }

    public int UnknownSides { get; private set; }

    public void AddSold(IReadOnlyList<Listing> listings, GradingPlan plan)
    {
        foreach (var listing in listings)
        {
            // Only a sold listing with its sale date in the window counts (the mapper keeps no sold_* on other statuses).
            if (!listing.IsSold || listing.SoldDate is not { } date || date < plan.SoldSince || date > plan.AsOf
                || !_seen.Add(listing.ListingId))
            {
                continue;
            }

            _seenOrder.Add(listing.ListingId);
            var (listingShare, buyerShare) = Shares(listing);
            var share = listingShare + buyerShare;
            if (share == 0m)
            {
                continue;
            }

            decimal price;
            if (listing.SoldPrice is { } disclosed)
            {
                price = disclosed;
            }
            else
            {
                UndisclosedSales++;
                price = plan.UndisclosedPrice == UndisclosedPrice.ListPrice ? listing.ListPrice ?? 0m : 0m;
            }

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
            var (listingShare, _) = Shares(listing);
            ActiveCount += listingShare;
            ActiveVolume += listingShare * (listing.ListPrice ?? 0m);
        }
    }

    public decimal Volume(GradingPlan plan) => SoldVolume + (plan.IncludeActive ? ActiveVolume : 0m);

    public AgentState ApplyTo(AgentState state) => state with
    {
        SoldVolume = SoldVolume,
        SoldSides = SoldSides,
        ActiveVolume = ActiveVolume,
        ActiveCount = ActiveCount,
        UndisclosedSales = UndisclosedSales,
        UnknownSides = UnknownSides,
        UnknownTypes = [.. _unknownTypes],
        SeenListingIds = [.. _seenOrder],
    };

    /// <summary>
    /// The agent's share of each side: 1 / (advertiser entries on that side) when the agent is one of them, else 0.
    /// Counts the listing as an unknown side when the agent appears on it only with a type of no side.
    /// </summary>
    private (decimal Listing, decimal Buyer) Shares(Listing listing)
    {
        int sellers = 0, buyers = 0;
        bool onSeller = false, onBuyer = false, onNone = false;
        string? noneType = null;
        foreach (var advertiser in listing.Advertisers)
        {
            var mine = string.Equals(advertiser.FulfillmentId, _advertiserId, StringComparison.Ordinal);
            switch (advertiser.Side)
            {
                case AdvertiserSide.Seller:
                    sellers++;
                    onSeller |= mine;
                    break;
                case AdvertiserSide.Buyer:
                    buyers++;
                    onBuyer |= mine;
                    break;
                default:
                    if (mine)
                    {
                        onNone = true;
                        noneType ??= advertiser.Type;
                    }

                    break;
            }
        }

        if (onNone && !onSeller && !onBuyer)
        {
            UnknownSides++;
            var type = string.IsNullOrEmpty(noneType) ? "(none)" : noneType;
            if (!_unknownTypes.Contains(type, StringComparer.Ordinal))
            {
                _unknownTypes.Add(type);
            }
        }

        return (onSeller ? 1m / sellers : 0m, onBuyer ? 1m / buyers : 0m);
    }
}
