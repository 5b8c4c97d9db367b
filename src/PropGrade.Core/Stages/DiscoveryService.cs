using PropGrade.Core.Audit;
using PropGrade.Core.Listings;
using PropGrade.Core.Runs;

namespace PropGrade.Core.Stages;

/// <summary>
/// The agents a run grades: each market's <c>/agents/list</c> pages (an agent found in several markets is graded
/// once, under the first), or the roster as given. Each market's raw exchanges are one raw group
/// (<c>discover/{zip}</c>), committed when the market is done.
/// </summary>
public sealed class DiscoveryService(IListingSource source, IRawStore? rawStore)
{
    public const string Stage = "discover";

    /// <summary>Markets discovered at the same time.</summary>
    public const int MaxParallelMarkets = 4;

    /// <remarks>
    /// A market whose pages cannot be read fails discovery (and so the run) with that failure: grading a market
    /// with agents silently missing would under-count it. A resumed run discovers again.
    /// </remarks>
    public async Task<DiscoveryResult> DiscoverAsync(string runId, RunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Roster is { } roster)
        {
            return new([.. roster.Distinct().Select(id => new AgentWorkItem(id, null))], 0);
        }

        // Markets are read a few at a time (each market's pages in order), then merged in request order, so the
        // items and their order do not depend on timing.
        var markets = request.Markets ?? [];
        var pages = new List<AgentPage>[markets.Count];
        await Parallel.ForAsync(0, markets.Count, new ParallelOptions { MaxDegreeOfParallelism = MaxParallelMarkets, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            pages[i] = await DiscoverMarketAsync(runId, markets[i], ct).ConfigureAwait(false);
        }).ConfigureAwait(false);

        var items = new List<AgentWorkItem>();
        var seen = new HashSet<long>();
        var calls = 0;
        for (var i = 0; i < markets.Count; i++)
        {
            foreach (var page in pages[i])
            {
                calls++;
                foreach (var agent in page.Agents)
                {
                    if (seen.Add(agent.AdvertiserId))
                    {
                        items.Add(new AgentWorkItem(agent.AdvertiserId, markets[i]));
                    }
                }
            }
        }

        return new(items, calls);
    }

    private async Task<List<AgentPage>> DiscoverMarketAsync(string runId, string market, CancellationToken cancellationToken)
    {
        var pages = new List<AgentPage>();
        IRawGroupWriter? group = rawStore?.OpenGroup(runId, $"discover/{market}");
        await using (group)
        {
            var context = new FetchContext(runId, Stage, null, (IRawRecorder?)group ?? NullRawRecorder.Instance);
            try
            {
                await foreach (var page in source.DiscoverAgentsAsync(market, context, cancellationToken).ConfigureAwait(false))
                {
                    pages.Add(page);
                }
            }
            catch (ListingApiException ex) when (!ex.StopsRun)
            {
                throw new DiscoveryFailedException(market, ex);
            }

            if (group is not null)
            {
                await group.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        return pages;
    }
}
