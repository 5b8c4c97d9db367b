using PropGrade.Core.Audit;
using PropGrade.Core.Listings;
using PropGrade.Core.Runs;

namespace PropGrade.Core.Stages;

/// <summary>
/// The agents a run grades (<c>docs/grading-rules.md</c>, "Discovery"): each market's <c>/agents/list</c> pages at
/// offsets 0, limit, 2·limit, … until <c>offset &gt;= matching_rows</c> (an agent found in several markets is graded
/// once, under the first), or the roster as given. Each discovered agent's entry travels in its work item, so stage 1
/// needs no call for it. Each market's raw exchanges are one raw group (<c>discover/{zip}</c>), committed when the
/// market is done.
/// </summary>
/// <remarks>
/// A market the provider stops serving before <c>matching_rows</c> (a 400 at an offset past the first page, or a page
/// that stays empty after the client's retries) is <b>truncated</b>: its agents read so far are graded and the market's
/// report says how many were not reached. A market that fails otherwise after the client's retries is <b>failed</b>
/// with the reason (its agents read so far are still graded; the run ends PARTIAL). Run-stopping failures (bad key,
/// quota, a missing endpoint) propagate. A resumed run does not discover again.
/// </remarks>
public sealed class DiscoveryService(IListingSource source, IRawStore? rawStore)
{
    public const string Stage = "discover";

    /// <summary>Markets discovered at the same time.</summary>
    public const int MaxParallelMarkets = 4;

    /// <summary>The client's reason for a page that stayed empty although <c>matching_rows</c> promised more.</summary>
    public const string EmptyPageReason = "empty_page";

    public async Task<DiscoveryResult> DiscoverAsync(string runId, RunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Roster is { } roster)
        {
            var rows = new List<AgentWorkItem>();
            var ids = new HashSet<string>(StringComparer.Ordinal);
            foreach (var row in roster)
            {
                if (ids.Add(row.AdvertiserId))
                {
                    rows.Add(new AgentWorkItem(row.AdvertiserId, null, row.NrdsId));
                }
            }

            return new(rows, 0, []);
        }

        // Markets are read a few at a time (each market's pages in order), then merged in request order, so the
        // items and their order do not depend on timing.
        var markets = request.Markets ?? [];
        var outcomes = new MarketPages[markets.Count];
        await Parallel.ForAsync(0, markets.Count, new ParallelOptions { MaxDegreeOfParallelism = MaxParallelMarkets, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            outcomes[i] = await DiscoverMarketAsync(runId, markets[i], ct).ConfigureAwait(false);
        }).ConfigureAwait(false);

        var items = new List<AgentWorkItem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var reports = new List<MarketReport>(markets.Count);
        var calls = 0;
        for (var i = 0; i < markets.Count; i++)
        {
            var outcome = outcomes[i];
            calls += outcome.Calls;
            var found = 0;
            foreach (var page in outcome.Pages)
            {
                foreach (var agent in page.Agents)
                {
                    found++;
                    if (seen.Add(agent.AdvertiserId))
                    {
                        items.Add(new AgentWorkItem(agent.AdvertiserId, markets[i], agent.Contact.NrdsId, agent));
                    }
                }
            }

            var matching = outcome.Pages.Count > 0 ? outcome.Pages[^1].MatchingRows : (int?)null;
            var notReached = outcome.Truncated || outcome.Failed is not null ? Math.Max(0, (matching ?? 0) - found) : 0;
            reports.Add(new MarketReport(markets[i], matching, found, outcome.Truncated, notReached, outcome.Failed));
        }

        return new(items, calls, reports);
    }

    private async Task<MarketPages> DiscoverMarketAsync(string runId, string market, CancellationToken cancellationToken)
    {
        var pages = new List<AgentPage>();
        var calls = 0;
        var truncated = false;
        string? failed = null;
        IRawGroupWriter? group = rawStore?.OpenGroup(runId, $"discover/{market}");
        await using (group)
        {
            var context = new FetchContext(runId, Stage, null, (IRawRecorder?)group ?? NullRawRecorder.Instance);
            var offset = 0;
            while (true)
            {
                AgentPage page;
                try
                {
                    calls++;
                    page = await source.GetAgentPageAsync(market, offset, context, cancellationToken).ConfigureAwait(false);
                }
                catch (ListingApiException ex) when (!ex.StopsRun)
                {
                    // An offset cap: the provider refuses an offset past the pages it served, or keeps a page empty.
                    truncated = (ex is BadRequestApiException && pages.Count > 0) || ex.Reason == EmptyPageReason;
                    failed = truncated ? null : ex.Reason;
                    break;
                }

                pages.Add(page);
                if (page.Agents.Count == 0)
                {
                    // An empty page before matching_rows is the provider no longer serving the market.
                    truncated = offset < page.MatchingRows;
                    break;
                }

                offset += page.Limit;
                if (offset >= page.MatchingRows)
                {
                    break;
                }
            }

            if (group is not null)
            {
                await group.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        return new MarketPages(pages, calls, truncated, failed);
    }

    private sealed record MarketPages(List<AgentPage> Pages, int Calls, bool Truncated, string? Failed);
}
