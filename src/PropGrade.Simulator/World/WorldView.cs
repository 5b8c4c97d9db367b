namespace PropGrade.Simulator.World;

/// <summary>
/// What the API serves, derived from an <see cref="IWorldSource"/>: each agent's feeds and profile figures (bounded
/// LRU cache) and each market's agent order for <c>sort=recently_sold_high</c> (computed lazily, kept as int arrays).
/// </summary>
internal sealed class WorldView
{
    private readonly LruCache<int, AgentFeed> _feeds;
    private readonly Lazy<int[]>[] _marketOrder;
    private readonly Dictionary<string, int> _marketByZip;

    public WorldView(IWorldSource source, int feedCacheCapacity = 4096)
    {
        Source = source;
        _feeds = new LruCache<int, AgentFeed>(feedCacheCapacity);
        _marketOrder = [.. source.Markets.Select(m => new Lazy<int[]>(() => ComputeMarketOrder(m.Index)))];
        _marketByZip = source.Markets.ToDictionary(m => m.PostalCode, m => m.Index, StringComparer.Ordinal);
    }

    public IWorldSource Source { get; }

    public DateOnly Today => Source.Today;

    /// <summary>The first day <c>recently_sold</c> covers: today minus 12 calendar months.</summary>
    public DateOnly RecentlySoldSince => Source.Today.AddMonths(-12);

    public bool TryFindMarket(string postalCode, out int marketIndex) => _marketByZip.TryGetValue(postalCode, out marketIndex);

    public AgentFeed GetFeed(int agentIndex) => _feeds.GetOrAdd(agentIndex, BuildFeed);

    /// <summary>
    /// The market's agents for <c>sort=recently_sold_high</c>: recently_sold count descending, then its max price
    /// descending, then advertiser id ascending.
    /// </summary>
    public int[] MarketOrder(int marketIndex) => _marketOrder[marketIndex].Value;

    private int[] ComputeMarketOrder(int marketIndex)
    {
        // One pass over the market's listing groups: recently_sold count and max per agent (each listing once per
        // agent, however many sides it has), the same figures the profile serves.
        var agents = Source.AgentsInMarket(marketIndex);
        var slot = new Dictionary<int, int>(agents.Count);
        for (var i = 0; i < agents.Count; i++)
        {
            slot[agents[i]] = i;
        }

        var counts = new int[agents.Count];
        var maxima = new long[agents.Count];
        var since = RecentlySoldSince;
        var today = Source.Today;
        foreach (var group in Source.ListingGroupsOf(marketIndex))
        {
            foreach (var listing in group)
            {
                if (!listing.IsSold || listing.SoldDate < since || listing.SoldDate > today)
                {
                    continue;
                }

                var advertisers = listing.Advertisers;
                for (var a = 0; a < advertisers.Length; a++)
                {
                    var agent = advertisers[a].AgentIndex;
                    if (FirstOccurrence(advertisers, a) && slot.TryGetValue(agent, out var s))
                    {
                        counts[s]++;
                        maxima[s] = Math.Max(maxima[s], listing.SoldPrice ?? 0);
                    }
                }
            }
        }

        var keys = new (int Count, long Max, long AdvertiserId, int Index)[agents.Count];
        for (var i = 0; i < agents.Count; i++)
        {
            keys[i] = (counts[i], maxima[i], Source.AdvertiserIdOf(agents[i]), agents[i]);
        }

        Array.Sort(keys, static (a, b) =>
        {
            var c = b.Count.CompareTo(a.Count);
            if (c == 0)
            {
                c = b.Max.CompareTo(a.Max);
            }

            return c != 0 ? c : a.AdvertiserId.CompareTo(b.AdvertiserId);
        });
        return [.. keys.Select(k => k.Index)];
    }

    private static bool FirstOccurrence(SimAdvertiser[] advertisers, int position)
    {
        for (var i = 0; i < position; i++)
        {
            if (advertisers[i].AgentIndex == advertisers[position].AgentIndex)
            {
                return false;
            }
        }

        return true;
    }

    private AgentFeed BuildFeed(int agentIndex)
    {
        var all = Source.ListingsOf(agentIndex);
        var forSale = all.Where(l => l.IsActive && l.IsOn(agentIndex, AdvertiserSide.Seller)).ToArray();
        Array.Sort(forSale, static (a, b) =>
        {
            var c = b.ListDate.CompareTo(a.ListDate);
            return c != 0 ? c : a.Key.CompareTo(b.Key);
        });
        var forSold = all.Where(l => l.IsSold).ToArray();
        Array.Sort(forSold, static (a, b) =>
        {
            var c = b.SoldDate!.Value.CompareTo(a.SoldDate!.Value);
            return c != 0 ? c : a.Key.CompareTo(b.Key);
        });

        var since = RecentlySoldSince;
        var today = Source.Today;
        var recent = forSold.Where(l => l.SoldDate >= since && l.SoldDate <= today).ToArray();
        var recentlySold = recent.Length == 0
            ? ActivityFigures.None
            : new ActivityFigures(recent.Length, recent.Min(l => l.SoldPrice), recent.Max(l => l.SoldPrice), recent[0].SoldDate, recent[0]);
        var forSalePrice = forSale.Length == 0
            ? ActivityFigures.None
            : new ActivityFigures(forSale.Length, forSale.Min(l => l.ListPrice), forSale.Max(l => l.ListPrice), forSale[0].ListDate, forSale[0]);
        return new AgentFeed(agentIndex, forSale, forSold, recentlySold, forSalePrice);
    }
}
