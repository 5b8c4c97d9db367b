using PropGrade.Simulator.Drift;

namespace PropGrade.Simulator.World;

/// <summary>
/// What the API serves, derived from an <see cref="IWorldSource"/>: each agent's feeds and profile figures (bounded
/// LRU cache) and each market's order for <c>sort=recently_sold_high</c> (computed lazily, kept as arrays).
/// </summary>
internal sealed class WorldView
{
    private readonly LruCache<int, AgentFeed> _feeds;
    private readonly Lazy<int[]>[] _marketOrder;
    private readonly Lazy<int[]>[] _entryOrder;
    private readonly Dictionary<string, int> _marketByZip;
    private readonly ulong _shuffleSeed;

    public WorldView(IWorldSource source, int feedCacheCapacity = 4096, DriftMode drift = DriftMode.None, int seed = 0)
    {
        Source = source;
        Drift = drift;
        _shuffleSeed = SplitMix.Mix((ulong)(uint)seed ^ 0x5A0F7ED);
        _feeds = new LruCache<int, AgentFeed>(feedCacheCapacity);
        _marketOrder = [.. source.Markets.Select(m => new Lazy<int[]>(() => ComputeMarketOrder(m.Index)))];
        _entryOrder = [.. source.Markets.Select(m => new Lazy<int[]>(() => ComputeEntryOrder(m.Index)))];
        _marketByZip = source.Markets.ToDictionary(m => m.PostalCode, m => m.Index, StringComparer.Ordinal);
    }

    public IWorldSource Source { get; }

    /// <summary>The drift modes the API serves.</summary>
    public DriftMode Drift { get; }

    public DateOnly Today => Source.Today;

    /// <summary>The first day <c>recently_sold</c> covers: today minus 12 calendar months.</summary>
    public DateOnly RecentlySoldSince => Source.Today.AddMonths(-12);

    public bool TryFindMarket(string postalCode, out int marketIndex) => _marketByZip.TryGetValue(postalCode, out marketIndex);

    public AgentFeed GetFeed(int agentIndex) => _feeds.GetOrAdd(agentIndex, BuildFeed);

    /// <summary>
    /// The market's agents for <c>types=agent&amp;sort=recently_sold_high</c>: recently_sold count descending, then its
    /// max price descending, then advertiser id ascending.
    /// </summary>
    public int[] MarketOrder(int marketIndex) => _marketOrder[marketIndex].Value;

    /// <summary>
    /// The market's entries without a <c>types</c> filter, in the same order: agents (index &gt;= 0) and teams and
    /// offices (<c>-(k + 1)</c> for <see cref="IWorldSource.OrganizationsInMarket"/>[k]) interleaved by their figures.
    /// </summary>
    public int[] EntryOrder(int marketIndex) => _entryOrder[marketIndex].Value;

    private int[] ComputeMarketOrder(int marketIndex)
    {
        var keys = AgentKeys(marketIndex);
        keys.Sort(CompareEntries);
        return [.. keys.Select(k => k.Entry)];
    }

    private int[] ComputeEntryOrder(int marketIndex)
    {
        var organizations = Source.OrganizationsInMarket(marketIndex);
        if (organizations.Count == 0)
        {
            return MarketOrder(marketIndex);
        }

        var keys = AgentKeys(marketIndex);
        for (var k = 0; k < organizations.Count; k++)
        {
            var o = organizations[k];
            keys.Add((o.RecentlySold.Count, o.RecentlySold.Max ?? 0, o.AdvertiserId, -(k + 1)));
        }

        keys.Sort(CompareEntries);
        return [.. keys.Select(k => k.Entry)];
    }

    private List<(int Count, long Max, long AdvertiserId, int Entry)> AgentKeys(int marketIndex)
    {
        var (counts, maxima) = RecentFigures(marketIndex);
        var agents = Source.AgentsInMarket(marketIndex);
        var keys = new List<(int Count, long Max, long AdvertiserId, int Entry)>(agents.Count + 8);
        for (var i = 0; i < agents.Count; i++)
        {
            keys.Add((counts[i], maxima[i], Source.AdvertiserIdOf(agents[i]), agents[i]));
        }

        return keys;
    }

    private static int CompareEntries((int Count, long Max, long AdvertiserId, int Entry) a, (int Count, long Max, long AdvertiserId, int Entry) b)
    {
        var c = b.Count.CompareTo(a.Count);
        if (c == 0)
        {
            c = b.Max.CompareTo(a.Max);
        }

        return c != 0 ? c : a.AdvertiserId.CompareTo(b.AdvertiserId);
    }

    /// <summary>
    /// One pass over the market's listing groups: recently_sold count and max per agent (each listing once per agent,
    /// whatever its types), the same figures <see cref="BuildFeed"/> serves.
    /// </summary>
    private (int[] Counts, long[] Maxima) RecentFigures(int marketIndex)
    {
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
                if (!listing.IsSold || listing.SoldDate is not { } sold || sold < since || sold > today)
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
                        maxima[s] = Math.Max(maxima[s], ProfilePrice(listing));
                    }
                }
            }
        }

        return (counts, maxima);
    }

    /// <summary>The price <c>recently_sold</c> min/max use: the sold price, or the list price where it is undisclosed.</summary>
    private static long ProfilePrice(SimListing listing) => listing.SoldPrice ?? listing.ListPrice;

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
        var forSale = all.Where(l => l.IsUnsold).ToArray();
        Array.Sort(forSale, static (a, b) =>
        {
            var c = b.ListDate.CompareTo(a.ListDate);
            return c != 0 ? c : a.Key.CompareTo(b.Key);
        });
        var forSold = all.Where(l => l.IsSold && l.SoldDate is not null).ToArray();
        Array.Sort(forSold, static (a, b) =>
        {
            var c = b.SoldDate!.Value.CompareTo(a.SoldDate!.Value);
            return c != 0 ? c : a.Key.CompareTo(b.Key);
        });

        var served = forSold;
        if ((Drift & DriftMode.UnsortedSold) != 0 && forSold.Length > 1)
        {
            served = (SimListing[])forSold.Clone();
            var rng = new SplitMix(SplitMix.Hash(_shuffleSeed, (ulong)agentIndex));
            for (var i = served.Length - 1; i > 0; i--)
            {
                var j = rng.Next(i + 1);
                (served[i], served[j]) = (served[j], served[i]);
            }
        }

        var since = RecentlySoldSince;
        var today = Source.Today;
        var recent = forSold.Where(l => l.SoldDate >= since && l.SoldDate <= today).ToArray();
        var recentlySold = recent.Length == 0
            ? ActivityFigures.None
            : new ActivityFigures(recent.Length, recent.Min(ProfilePrice), recent.Max(ProfilePrice), recent[0].SoldDate, recent[0].Key);
        var active = forSale.Where(l => l.Status == ListingStatus.ForSale && l.IsOn(agentIndex, AdvertiserSide.Listing)).ToArray();
        var forSalePrice = active.Length == 0
            ? ActivityFigures.None
            : new ActivityFigures(active.Length, active.Min(l => l.ListPrice), active.Max(l => l.ListPrice), active[0].ListDate, active[0].Key);
        return new AgentFeed(agentIndex, forSale, forSold, served, recentlySold, forSalePrice);
    }
}
