using PropGrade.Simulator.World;

namespace PropGrade.Simulator.Truth;

/// <summary>
/// The independent oracle: grades every agent of the world and counts the fewest calls the stopping rules allow,
/// following docs/grading-rules.md step by step. It shares no code with PropGrade.Core's grader.
/// </summary>
internal sealed class TruthCalculator(WorldView world)
{
    public const string Unranked = "Unranked";
    private const int PageSize = 10;

    public IReadOnlyList<AgentTruth> Compute(TruthQuery query) => [.. AgentsOf(query).Select(a => ComputeAgent(a, query))];

    /// <summary>The agents a query covers (all, or those of its markets), ordered by advertiser_id.</summary>
    public IReadOnlyList<int> AgentsOf(TruthQuery query)
    {
        var agents = new List<int>();
        if (query.Markets is null)
        {
            agents.AddRange(Enumerable.Range(0, world.Source.AgentCount));
        }
        else
        {
            foreach (var zip in query.Markets)
            {
                if (world.TryFindMarket(zip, out var m))
                {
                    agents.AddRange(world.Source.AgentsInMarket(m));
                }
            }
        }

        return [.. agents.Distinct().OrderBy(world.Source.AdvertiserIdOf)];
    }

    public AgentTruth ComputeAgent(int agentIndex, TruthQuery q)
    {
        var agent = world.Source.GetAgent(agentIndex);
        var zip = world.Source.Markets[agent.MarketIndex].PostalCode;
        var feed = world.GetFeed(agentIndex);
        var topIndex = q.Tiers.Select((t, i) => (t, i)).Where(x => q.SelectedTiers.Contains(x.t.Name)).Min(x => x.i);
        var lowIndex = q.Tiers.Select((t, i) => (t, i)).Where(x => q.SelectedTiers.Contains(x.t.Name)).Max(x => x.i);
        var top = q.Tiers[topIndex];
        var low = q.Tiers[lowIndex];

        var (wSoldVolume, wSides, wActiveVolume, wActiveCount) = WindowTotals(agentIndex, feed, q);
        var windowTier = TierOf(q, topIndex, wSoldVolume + (q.IncludeActive ? wActiveVolume : 0), wSides);

        AgentTruth Make(decimal sv, decimal ss, decimal av, decimal ac, string tier, int calls, int ap, int sp, bool complete, string reason) =>
            new(agent.AdvertiserId, agent.FulfillmentId, zip, sv, ss, av, ac, tier, calls, ap, sp, complete, reason,
                wSoldVolume, wSides, wActiveVolume, wActiveCount, windowTier);

        // 1. profile; 2. the profile bound, valid only when the window lies inside the profile's 12 months.
        var calls = 1;
        if (world.RecentlySoldSince <= q.SoldSince && q.AsOf <= world.Today)
        {
            var rs = feed.RecentlySold;
            var fs = feed.ForSalePrice;
            var maxSides = 2m * rs.Count;
            var maxVolume = (2m * rs.Count * (rs.Max ?? 0)) + (q.IncludeActive ? fs.Count * (decimal)(fs.Max ?? 0) : 0m);
            if (!low.IsMet(maxVolume, maxSides))
            {
                return Make(0, 0, 0, 0, Unranked, calls, 0, 0, true, "profile_bound");
            }
        }

        decimal activeVolume = 0, activeCount = 0, soldVolume = 0, sides = 0;
        var depthCapped = false;
        var settled = false;
        string? reason = null;
        int activePages = 0, soldPages = 0;

        // 3. active pages.
        if (q.IncludeActive)
        {
            for (var p = 1; ; p++)
            {
                var page = Page(feed.ForSale, p);
                calls++;
                activePages++;
                foreach (var l in page)
                {
                    var share = Share(l, agentIndex, AdvertiserSide.Seller);
                    activeCount += share;
                    activeVolume += share * l.ListPrice;
                }

                if (top.IsMet(activeVolume, 0))
                {
                    settled = true;
                    reason = "tier_settled";
                    break;
                }

                if (page.Length == 0 || p * PageSize >= feed.ForSale.Length)
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

        // 4. sold pages, newest first.
        if (!settled)
        {
            for (var p = 1; ; p++)
            {
                var page = Page(feed.ForSold, p);
                calls++;
                soldPages++;
                foreach (var l in page)
                {
                    if (l.SoldDate >= q.SoldSince && l.SoldDate <= q.AsOf)
                    {
                        var share = Share(l, agentIndex, AdvertiserSide.Seller) + Share(l, agentIndex, AdvertiserSide.Buyer);
                        sides += share;
                        soldVolume += share * l.SoldPrice!.Value;
                    }
                }

                if (top.IsMet(soldVolume + (q.IncludeActive ? activeVolume : 0), sides))
                {
                    settled = true;
                    reason = "tier_settled";
                    break;
                }

                if (page.Length > 0 && page[^1].SoldDate < q.SoldSince)
                {
                    reason = "window_end";
                    break;
                }

                if (page.Length == 0 || p * PageSize >= feed.ForSold.Length)
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

        // 5. depth_cap anywhere makes the agent incomplete, unless a later stage settled the tier.
        var complete = settled || !depthCapped;
        var stopReason = settled ? "tier_settled" : depthCapped ? "depth_cap" : reason!;
        var tier = TierOf(q, topIndex, soldVolume + (q.IncludeActive ? activeVolume : 0), sides);
        return Make(soldVolume, sides, activeVolume, activeCount, tier, calls, activePages, soldPages, complete, stopReason);
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

    private static (decimal SoldVolume, decimal Sides, decimal ActiveVolume, decimal ActiveCount) WindowTotals(
        int agentIndex, AgentFeed feed, TruthQuery q)
    {
        decimal soldVolume = 0, sides = 0, activeVolume = 0, activeCount = 0;
        foreach (var l in feed.ForSold)
        {
            if (l.SoldDate >= q.SoldSince && l.SoldDate <= q.AsOf)
            {
                var share = Share(l, agentIndex, AdvertiserSide.Seller) + Share(l, agentIndex, AdvertiserSide.Buyer);
                sides += share;
                soldVolume += share * l.SoldPrice!.Value;
            }
        }

        foreach (var l in feed.ForSale)
        {
            var share = Share(l, agentIndex, AdvertiserSide.Seller);
            activeCount += share;
            activeVolume += share * l.ListPrice;
        }

        return (soldVolume, sides, activeVolume, activeCount);
    }

    /// <summary>1 / (advertisers on that side) when the agent is on it, else 0.</summary>
    private static decimal Share(SimListing listing, int agentIndex, AdvertiserSide side) =>
        listing.IsOn(agentIndex, side) ? 1m / listing.CountSide(side) : 0m;

    private static SimListing[] Page(SimListing[] feed, int page)
    {
        var start = (page - 1) * PageSize;
        return start >= feed.Length ? [] : feed[start..Math.Min(feed.Length, start + PageSize)];
    }
}
