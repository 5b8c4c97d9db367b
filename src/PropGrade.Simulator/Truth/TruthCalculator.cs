using PropGrade.Simulator.World;

namespace PropGrade.Simulator.Truth;

/// <summary>
/// The independent oracle: grades every agent of the world and counts the fewest calls the stopping rules allow,
/// following docs/grading-rules.md (revision 2) step by step over the pages the API serves. It shares no code with
/// PropGrade.Core's grader.
/// </summary>
internal sealed class TruthCalculator(WorldView world, int? offsetCap = null)
{
    public const string Unranked = "Unranked";
    private const int PageSize = 10;
    private const int DiscoveryLimit = 20;

    /// <summary>Every agent the query covers, graded.</summary>
    public IReadOnlyList<AgentTruth> Compute(TruthQuery query) => [.. AgentsOf(query).Select(a => ComputeAgent(a, query))];

    /// <summary>
    /// Discovery of each market the query covers (all, or its <c>markets</c>, in that order, each once): matching rows
    /// with <c>types=agent</c>, calls at limit 20 (the first call is always made; then one per further 20 rows), and
    /// under an offset cap the agents past it. Roster queries discover nothing (0 calls, every agent reached).
    /// </summary>
    public IReadOnlyList<MarketDiscovery> Discover(TruthQuery query)
    {
        var zips = query.Markets ?? [.. world.Source.Markets.Select(m => m.PostalCode)];
        var result = new List<MarketDiscovery>();
        foreach (var zip in zips.Distinct(StringComparer.Ordinal))
        {
            var agents = world.TryFindMarket(zip, out var m) ? world.MarketOrder(m).Length : 0;
            if (query.Roster)
            {
                result.Add(new MarketDiscovery(zip, agents, 0, false, 0));
                continue;
            }

            var calls = 0;
            var reached = 0;
            var truncated = false;
            for (var offset = 0; offset == 0 || offset < agents; offset += DiscoveryLimit)
            {
                calls++;
                if (offsetCap is { } cap && offset > cap)
                {
                    truncated = true;
                    break;
                }

                reached = Math.Min(agents, offset + DiscoveryLimit);
            }

            result.Add(new MarketDiscovery(zip, agents, calls, truncated, agents - reached));
        }

        return result;
    }

    /// <summary>
    /// The agents a query covers, ordered by advertiser_id: every agent of its markets that discovery reaches (all of
    /// them for a roster query).
    /// </summary>
    public IReadOnlyList<int> AgentsOf(TruthQuery query)
    {
        var agents = new List<int>();
        foreach (var market in Discover(query))
        {
            if (world.TryFindMarket(market.PostalCode, out var m))
            {
                agents.AddRange(world.MarketOrder(m).Take(market.Reached));
            }
        }

        return [.. agents.Distinct().OrderBy(world.Source.AdvertiserIdOf)];
    }

    public AgentTruth ComputeAgent(int agentIndex, TruthQuery q)
    {
        var agent = world.Source.GetAgent(agentIndex);
        var zip = world.Source.Markets[agent.MarketIndex].PostalCode;
        var feed = world.GetFeed(agentIndex);
        var selected = q.Tiers.Select((t, i) => (t, i)).Where(x => q.SelectedTiers.Contains(x.t.Name)).ToList();
        var topIndex = selected.Min(x => x.i);
        var top = q.Tiers[topIndex];
        var low = q.Tiers[selected.Max(x => x.i)];

        var window = new ListingTally(agentIndex, q);
        foreach (var l in feed.ForSold)
        {
            window.Add(l);
        }

        foreach (var l in feed.ForSale)
        {
            window.Add(l);
        }

        var windowTier = TierOf(q, topIndex, window.Volume, window.Sides);
        var read = new ListingTally(agentIndex, q);
        AgentTruth Make(int calls, int activePages, int soldPages, bool complete, string reason) => new(
            agent.AdvertiserId, agent.NrdsId, zip, read.SoldVolume, read.Sides, read.ActiveVolume, read.ActiveCount,
            read.UndisclosedSales, read.UnknownSides,
            q.UndisclosedPrice == UndisclosedPrice.ListPrice && read.UndisclosedSales > 0,
            TierOf(q, topIndex, read.Volume, read.Sides), calls, activePages, soldPages, complete, reason,
            window.SoldVolume, window.Sides, window.ActiveVolume, window.ActiveCount, window.UndisclosedSales, windowTier);

        // 1. Profile figures: from the discovery page (no call) or, for a roster agent, get-profile (one call).
        var calls = q.Roster ? 1 : 0;

        // 2. The profile bound, valid only when the window lies inside the profile's 12 months.
        if (world.RecentlySoldSince <= q.SoldSince && q.AsOf <= world.Today)
        {
            var rs = feed.RecentlySold;
            var fs = feed.ForSalePrice;
            var maxSides = 2m * rs.Count;
            var maxVolume = (2m * rs.Count * (rs.Max ?? 0)) + (q.IncludeActive ? fs.Count * (decimal)(fs.Max ?? 0) : 0m);
            if (!low.IsMet(maxVolume, maxSides))
            {
                return Make(calls, 0, 0, true, "profile_bound");
            }
        }

        // 3. No MLS entry: get-listings cannot be asked.
        if (agent.Mls.Count == 0)
        {
            return Make(calls, 0, 0, false, "no_mls_id");
        }

        var depthCapped = false;
        var settled = false;
        string? reason = null;
        int activePages = 0, soldPages = 0;

        // 4. Active pages.
        if (q.IncludeActive)
        {
            var results = 0;
            for (var p = 1; ; p++)
            {
                var page = Page(feed.ForSale, p);
                calls++;
                activePages++;
                results += page.Length;
                foreach (var l in page)
                {
                    read.Add(l);
                }

                if (top.IsMet(read.ActiveVolume, 0))
                {
                    settled = true;
                    break;
                }

                if (page.Length == 0 || results >= feed.ForSale.Length)
                {
                    break;
                }

                if (p == q.MaxPages)
                {
                    depthCapped = true;
                    break;
                }
            }
        }

        // 5. Sold pages, in the order served; window_end only while every page so far was in order.
        if (!settled)
        {
            var results = 0;
            var inOrder = true;
            DateOnly? previousLast = null;
            for (var p = 1; ; p++)
            {
                var page = Page(feed.ServedForSold, p);
                calls++;
                soldPages++;
                results += page.Length;
                foreach (var l in page)
                {
                    read.Add(l);
                }

                inOrder &= InOrder(page, ref previousLast);
                if (top.IsMet(read.Volume, read.Sides))
                {
                    settled = true;
                    break;
                }

                if (inOrder && Oldest(page) is { } oldest && oldest < q.SoldSince)
                {
                    reason = "window_end";
                    break;
                }

                if (page.Length == 0 || results >= feed.ServedForSold.Length)
                {
                    reason = "end_of_data";
                    break;
                }

                if (p == q.MaxPages)
                {
                    reason = "depth_cap";
                    depthCapped = true;
                    break;
                }
            }
        }

        // 6. depth_cap anywhere makes the agent incomplete, unless a later stage settled the tier.
        var complete = settled || !depthCapped;
        var stopReason = settled ? "tier_settled" : depthCapped ? "depth_cap" : reason!;
        return Make(calls, activePages, soldPages, complete, stopReason);
    }

    private static string TierOf(TruthQuery q, int topIndex, decimal volume, decimal sides)
    {
        for (var i = topIndex; i < q.Tiers.Count; i++)
        {
            if (q.Tiers[i].IsMet(volume, sides))
            {
                return q.Tiers[i].Name;
            }
        }

        return Unranked;
    }

    /// <summary>
    /// The order check: the sold dates of the page's sold results never increase down the page, and the first is not
    /// after the last one of the agent's previous page that had any. Updates <paramref name="previousLast"/>.
    /// </summary>
    private static bool InOrder(SimListing[] page, ref DateOnly? previousLast)
    {
        var ok = true;
        foreach (var l in page)
        {
            if (l.Status != ListingStatus.Sold || l.SoldDate is not { } date)
            {
                continue;
            }

            if (previousLast is { } before && date > before)
            {
                ok = false;
            }

            previousLast = date;
        }

        return ok;
    }

    /// <summary>The oldest sold date of the page's sold results, or null when it has none.</summary>
    private static DateOnly? Oldest(SimListing[] page)
    {
        DateOnly? oldest = null;
        foreach (var l in page)
        {
            if (l.Status == ListingStatus.Sold && l.SoldDate is { } date && (oldest is null || date < oldest))
            {
                oldest = date;
            }
        }

        return oldest;
    }

    private static SimListing[] Page(SimListing[] feed, int page)
    {
        var start = (page - 1) * PageSize;
        return start >= feed.Length ? [] : feed[start..Math.Min(feed.Length, start + PageSize)];
    }
}
