using PropGrade.Core.Runs;

namespace PropGrade.Core.Stages;

/// <summary>
/// Turns the markets' slices, added in request order, into the run's items: an agent found in several markets is
/// graded once, under the first; each item carries its <c>/agents/list</c> entry. One report per market (agents found,
/// truncated with the number not reached, failed with the reason). Markets are added one at a time and each returns its
/// new items, so the merge holds only the advertiser ids seen (not the items, not every market's pages).
/// </summary>
public sealed class DiscoveryMerge
{
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly List<MarketReport> _reports = [];

    /// <summary>Discovery requests of every slice added.</summary>
    public int Calls { get; private set; }

    /// <summary>One report per market added, in the order added.</summary>
    public IReadOnlyList<MarketReport> Reports => _reports;

    /// <summary>HTTP attempts of every slice added (latency estimate).</summary>
    public long Attempts { get; private set; }

    /// <summary>Their wire time added up, in milliseconds.</summary>
    public long WireMilliseconds { get; private set; }

    /// <summary>Adds one market's slices (in offset order); returns the market's agents not found in an earlier market, in page order.</summary>
    public IReadOnlyList<AgentWorkItem> Add(string market, IReadOnlyList<MarketSlice> slices)
    {
        ArgumentNullException.ThrowIfNull(slices);
        var items = new List<AgentWorkItem>();
        var found = 0;
        int? matching = null;
        var truncated = false;
        string? failed = null;
        foreach (var slice in slices)
        {
            Calls += slice.Calls;
            Attempts += slice.Attempts;
            WireMilliseconds += slice.WireMilliseconds;
            truncated |= slice.Truncated;
            failed ??= slice.Failed;
            foreach (var page in slice.Pages)
            {
                matching = page.MatchingRows;
                foreach (var agent in page.Agents)
                {
                    found++;
                    if (_seen.Add(agent.AdvertiserId))
                    {
                        items.Add(new AgentWorkItem(agent.AdvertiserId, market, agent.Contact.NrdsId, agent));
                    }
                }
            }
        }

        var notReached = truncated || failed is not null ? Math.Max(0, (matching ?? 0) - found) : 0;
        _reports.Add(new MarketReport(market, matching, found, truncated, notReached, failed));
        return items;
    }
}
