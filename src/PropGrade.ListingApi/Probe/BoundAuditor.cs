using System.Globalization;
using PropGrade.Core.Listings;

namespace PropGrade.ListingApi.Probe;

/// <summary>
/// Checks one agent's profile bound against its sold history (<c>docs/grading-rules.md</c>, "Calls, in order", step 2):
/// over the 12 calendar months before the API's today, sides &lt;= 2 x <c>recently_sold.count</c> and sold volume &lt;=
/// 2 x count x <c>recently_sold.max</c>, with sides and shares by the grading rules and an undisclosed price at the list
/// price (as <c>recently_sold.max</c> counts it). Each listing counts once. Also checks the order of every page.
/// </summary>
internal static class BoundAuditor
{
    /// <param name="agent">The agent and its profile figures (from its <c>/agents/list</c> entry).</param>
    /// <param name="pages">Its forSold pages read, in order from page 1.</param>
    /// <param name="today">The API's today: the window is <c>[today - 12 months, today]</c>.</param>
    /// <param name="stop">Why paging stopped: <c>end_of_data</c>, <c>depth_cap</c>, <c>budget</c> or a failure's reason.</param>
    public static AgentAudit Audit(AgentProfile agent, IReadOnlyList<ListingPage> pages, DateOnly today, string stop)
    {
        var windowStart = today.AddMonths(-12);
        var order = new PageOrderCheck(ListingKind.ForSold);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var windowListings = 0;
        decimal sides = 0;
        decimal volume = 0;
        decimal? highest = null;
        DateOnly? oldest = null;
        foreach (var page in pages)
        {
            order.Check(page);
            foreach (var listing in page.Listings)
            {
                if (listing.IsSold && listing.SoldDate is { } soldOn && (oldest is null || soldOn < oldest))
                {
                    oldest = soldOn;
                }

                if (!seen.Add(listing.ListingId) || !listing.IsSold || listing.SoldDate is not { } date || date < windowStart || date > today)
                {
                    continue;
                }

                var on = listing.Advertisers.Where(a => a.FulfillmentId == agent.AdvertiserId).ToList();
                if (on.Count == 0)
                {
                    continue;
                }

                windowListings++;
                var share = Share(listing, agent.AdvertiserId, AdvertiserSide.Seller) + Share(listing, agent.AdvertiserId, AdvertiserSide.Buyer);
                var price = listing.SoldPrice ?? listing.ListPrice;
                sides += share;
                volume += share * (price ?? 0);
                if (price is { } p && (highest is null || p > highest))
                {
                    highest = p;
                }
            }
        }

        var count = agent.RecentlySold.Count;
        var max = agent.RecentlySold.Max;
        var maxSides = 2m * count;
        var maxVolume = 2m * count * (max ?? 0);
        var sidesHeld = sides <= maxSides;
        var volumeHeld = volume <= maxVolume;
        var readToEnd = stop == "end_of_data";
        var coversWindow = readToEnd || (order.PagesOutOfOrder == 0 && oldest is { } o && o < windowStart);
        var problems = new List<string>();
        var inv = CultureInfo.InvariantCulture;
        if (!sidesHeld)
        {
            problems.Add(string.Create(inv, $"sides {sides:0.##} > 2 x recently_sold.count {count} = {maxSides:0}"));
        }

        if (!volumeHeld)
        {
            problems.Add(string.Create(inv, $"sold volume {volume:N0} > 2 x {count} x recently_sold.max {max ?? 0:N0} = {maxVolume:N0}"));
        }

        if (order.FirstBreak is { } broken)
        {
            problems.Add("order broken: " + broken);
        }

        if (highest is { } h && max is { } m && h > m)
        {
            problems.Add(string.Create(inv, $"a price in the window ({h:N0}) is above recently_sold.max ({m:N0})"));
        }

        if (windowListings != count && coversWindow)
        {
            problems.Add(string.Create(inv, $"{windowListings} sold listings in the window, recently_sold.count says {count}"));
        }

        if (!coversWindow)
        {
            problems.Add(string.Create(inv, $"the pages read ({stop}) do not reach the window's start {windowStart:yyyy-MM-dd}: checked on what was read"));
        }

        return new AgentAudit(
            agent.AdvertiserId,
            agent.Name,
            pages.Count,
            seen.Count,
            windowListings,
            count,
            sides,
            maxSides,
            volume,
            maxVolume,
            highest,
            max,
            sidesHeld && volumeHeld,
            order.PagesOutOfOrder == 0,
            order.PagesOutOfOrder,
            coversWindow,
            stop,
            problems.Count == 0 ? null : string.Join("; ", problems));
    }

    /// <summary>1 / (entries on that side) when the agent is one of them, else 0.</summary>
    private static decimal Share(Listing listing, string agentId, AdvertiserSide side)
    {
        var entries = 0;
        var mine = false;
        foreach (var advertiser in listing.Advertisers)
        {
            if (advertiser.Side != side)
            {
                continue;
            }

            entries++;
            mine |= advertiser.FulfillmentId == agentId;
        }

        return mine ? 1m / entries : 0m;
    }
}
