using PropGrade.Core.Grading;
using PropGrade.Core.Listings;
using PropGrade.Core.Runs;

namespace PropGrade.Core.Stages;

/// <summary>
/// Adds one page of listings to an agent's figures by the rules of <c>docs/grading-rules.md</c> ("Metrics"): sides
/// by advertiser type, shares split per side, undisclosed sale prices, each listing id once per agent, unknown sides
/// counted. The agent is matched by its advertiser id, compared with each advertiser's <c>fulfillment_id</c> as a string.
/// Every listing it reads gets a <see cref="ListingVerdict"/> (counted, or the rule that left it out): the stages
/// ignore them, the "why this tier" view (<c>Explain/AgentExplainer</c>) shows them.
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
            Sold(listing, plan);
        }
    }

    public void AddActive(IReadOnlyList<Listing> listings)
    {
        foreach (var listing in listings)
        {
            Active(listing);
        }
    }

    /// <summary>
    /// Adds one listing of a sold page to the figures and says what it made of it: only a sold listing with its sale
    /// date in the window counts, once per listing id, for the agent's share of each side (the mapper keeps no
    /// <c>sold_*</c> on other statuses: their previous sale is only reported).
    /// </summary>
    public ListingVerdict Sold(Listing listing, GradingPlan plan)
    {
        ArgumentNullException.ThrowIfNull(listing);
        ArgumentNullException.ThrowIfNull(plan);
        if (!listing.IsSold)
        {
            return new ListingVerdict(
                listing.PreviousSaleDate is not null ? ListingVerdicts.PreviousSale
                : listing.IsActive && !plan.IncludeActive ? ListingVerdicts.ActiveNotIncluded
                : ListingVerdicts.NotSold);
        }

        if (listing.SoldDate is not { } date)
        {
            return new ListingVerdict(ListingVerdicts.NoSoldDate);
        }

        if (date < plan.SoldSince || date > plan.AsOf)
        {
            return new ListingVerdict(ListingVerdicts.OutsideWindow);
        }

        if (!_seen.Add(listing.ListingId))
        {
            return new ListingVerdict(ListingVerdicts.DuplicateListing);
        }

        _seenOrder.Add(listing.ListingId);
        var (listingShare, buyerShare, unknownType) = Shares(listing);
        var share = listingShare + buyerShare;
        if (share == 0m)
        {
            return new ListingVerdict(unknownType is null ? ListingVerdicts.NotOnListing : ListingVerdicts.UnknownAdvertiserType, UnknownType: unknownType);
        }

        decimal price;
        var undisclosed = false;
        if (listing.SoldPrice is { } disclosed)
        {
            price = disclosed;
        }
        else
        {
            UndisclosedSales++;
            undisclosed = true;
            price = plan.UndisclosedPrice == UndisclosedPrice.ListPrice ? listing.ListPrice ?? 0m : 0m;
        }

        SoldSides += share;
        SoldVolume += share * price;
        return new ListingVerdict(ListingVerdicts.Counted, listingShare, buyerShare, price, undisclosed, share * price, share);
    }

    /// <summary>
    /// Adds one listing of an active page (read only with includeActive): an active listing counts once per listing
    /// id, for the agent's listing-side share of its list price.
    /// </summary>
    public ListingVerdict Active(Listing listing)
    {
        ArgumentNullException.ThrowIfNull(listing);
        if (!listing.IsActive)
        {
            return new ListingVerdict(ListingVerdicts.NotActive);
        }

        if (!_seen.Add(listing.ListingId))
        {
            return new ListingVerdict(ListingVerdicts.DuplicateListing);
        }

        _seenOrder.Add(listing.ListingId);
        var (listingShare, buyerShare, unknownType) = Shares(listing);
        var price = listing.ListPrice ?? 0m;
        ActiveCount += listingShare;
        ActiveVolume += listingShare * price;
        return listingShare != 0m
            ? new ListingVerdict(ListingVerdicts.Counted, listingShare, buyerShare, price, Volume: listingShare * price, Sides: listingShare)
            : new ListingVerdict(unknownType is null ? ListingVerdicts.NotOnListing : ListingVerdicts.UnknownAdvertiserType, BuyerShare: buyerShare, UnknownType: unknownType);
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
    /// Counts the listing as an unknown side when the agent appears on it only with a type of no side (and returns that
    /// type; null otherwise).
    /// </summary>
    private (decimal Listing, decimal Buyer, string? UnknownType) Shares(Listing listing)
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

        string? unknown = null;
        if (onNone && !onSeller && !onBuyer)
        {
            UnknownSides++;
            unknown = string.IsNullOrEmpty(noneType) ? "(none)" : noneType;
            if (!_unknownTypes.Contains(unknown, StringComparer.Ordinal))
            {
                _unknownTypes.Add(unknown);
            }
        }

        return (onSeller ? 1m / sellers : 0m, onBuyer ? 1m / buyers : 0m, unknown);
    }
}
