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
        var outcomes = new MarketSlice[markets.Count];
        await Parallel.ForAsync(0, markets.Count, new ParallelOptions { MaxDegreeOfParallelism = MaxParallelMarkets, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            outcomes[i] = await DiscoverSliceAsync(runId, markets[i], 0, yieldBeforePage: null, ct).ConfigureAwait(false);
        }).ConfigureAwait(false);

        var merge = new DiscoveryMerge();
        var items = new List<AgentWorkItem>();
        for (var i = 0; i < markets.Count; i++)
        {
            items.AddRange(merge.Add(markets[i], [outcomes[i]]));
        }

        return new(items, merge.Calls, merge.Reports);
    }

    /// <summary>
    /// The raw group of a market's slice: <c>discover/{zip}</c> for the slice at offset 0 (a market read in one go has
    /// exactly the group it always had), <c>discover/{zip}-at{offset}</c> for a later slice.
    /// </summary>
    public static string GroupKey(string market, int offset) =>
        offset == 0 ? $"discover/{market}" : FormattableString.Invariant($"discover/{market}-at{offset}");

    /// <summary>
    /// Reads <paramref name="market"/>'s pages from <paramref name="offset"/> on until the market is done or
    /// <paramref name="yieldBeforePage"/> answers true before a page (never before the first page of the slice, so every
    /// slice makes progress). The slice's raw exchanges are one group, committed before it returns. Run-stopping
    /// failures propagate (nothing committed).
    /// </summary>
    public Task<MarketSlice> DiscoverSliceAsync(string runId, string market, int offset, Func<bool>? yieldBeforePage, CancellationToken cancellationToken) =>
        DiscoverSliceAsync(runId, market, offset, yieldBeforePage, CancellationToken.None, cancellationToken);

    /// <summary>
    /// As above; <paramref name="cut"/> firing cancels a page in flight and ends the slice there (the pages read before it
    /// are kept, the cut page is asked again by the next slice): a time-budgeted invocation's hard deadline.
    /// </summary>
    public async Task<MarketSlice> DiscoverSliceAsync(string runId, string market, int offset, Func<bool>? yieldBeforePage, CancellationToken cut, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(market);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var start = offset;
        var pages = new List<AgentPage>();
        var calls = 0;
        var truncated = false;
        string? failed = null;
        var done = true;
        IRawGroupWriter? group = rawStore?.OpenGroup(runId, GroupKey(market, start));
        using var pageStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, cut);
        await using (group)
        {
            var timing = new TimingRecorder((IRawRecorder?)group ?? NullRawRecorder.Instance);
            var context = new FetchContext(runId, Stage, null, timing);
            while (true)
            {
                if (pages.Count > 0 && yieldBeforePage?.Invoke() == true)
                {
                    done = false;
                    break;
                }

                AgentPage page;
                try
                {
                    calls++;
                    page = await source.GetAgentPageAsync(market, offset, context, pageStop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cut.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    // The hard deadline: this page is asked again by the next slice.
                    done = false;
                    break;
                }
                catch (ListingApiException ex) when (!ex.StopsRun)
                {
                    // An offset cap: the provider refuses an offset past the pages it served, or keeps a page empty.
                    truncated = (ex is BadRequestApiException && (pages.Count > 0 || start > 0)) || ex.Reason == EmptyPageReason;
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

            return new MarketSlice(market, start, pages, calls, done ? null : offset, truncated, failed, timing.Attempts, timing.Milliseconds);
        }
    }
}
