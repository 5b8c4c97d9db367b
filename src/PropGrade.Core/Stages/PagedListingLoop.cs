using PropGrade.Core.Listings;

namespace PropGrade.Core.Stages;

/// <summary>
/// The paging loop shared by <see cref="ActiveStage"/> and <see cref="SoldStage"/>: fetch the next page (a
/// listing-API failure that does not stop the run fails the agent with its reason), add it to the tally, record the
/// page count, the distinct listing ids read (the last-page rule) and the call count, then let the stage decide whether
/// to stop after this page.
/// </summary>
internal static class PagedListingLoop
{
    /// <param name="state">The agent at the start of the stage (its <see cref="AgentState.ListingsKey"/> is set).</param>
    /// <param name="kind">Which listings to page through.</param>
    /// <param name="stageContext">The fetch context, already naming the stage and agent.</param>
    /// <param name="pagesDone">Pages of this kind already fetched (a resumed agent goes on after them).</param>
    /// <param name="idsDone">Distinct listing ids of this kind already read.</param>
    /// <param name="record">Writes the stage's page count, its ids read and the call count onto a state.</param>
    /// <param name="add">Adds one page's listings to the tally.</param>
    /// <param name="decide">
    /// After each page: the state to return when the stage ends here, or null to fetch the next page. Receives the
    /// updated state, the page, its 1-based number, the tally and whether the page is the last one.
    /// </param>
    /// <param name="yieldBeforePage">
    /// Asked before every page: true returns the agent as it is (same stage, the pages read so far recorded), to go on
    /// later from the next page without asking any page again. Null never yields. The caller makes sure a call makes
    /// progress (<see cref="AgentPipeline"/> never yields before the first page of its call).
    /// </param>
    public static async Task<AgentState> RunAsync(
        AgentState state,
        IListingSource source,
        ListingKind kind,
        FetchContext stageContext,
        int pagesDone,
        IReadOnlyList<string> idsDone,
        Func<AgentState, int, IReadOnlyList<string>, int, AgentState> record,
        Action<ListingTally, ListingPage> add,
        Func<AgentState, ListingPage, int, ListingTally, bool, AgentState?> decide,
        Func<bool>? yieldBeforePage,
        CancellationToken cancellationToken)
    {
        var key = state.ListingsKey ?? throw new InvalidOperationException($"Agent {state.Item.AdvertiserId} has no MLS ids to page with.");
        var tally = new ListingTally(state);
        var pages = pagesDone;
        var idsOrder = new List<string>(idsDone);
        var ids = new HashSet<string>(idsDone, StringComparer.Ordinal);
        var calls = state.Calls;
        while (true)
        {
            if (yieldBeforePage?.Invoke() == true)
            {
                return record(tally.ApplyTo(state), pages, [.. idsOrder], calls);
            }

            var pageNumber = pages + 1;
            ListingPage page;
            try
            {
                calls++;
                page = await source.GetListingPageAsync(key, kind, pageNumber, ids.Count, stageContext, cancellationToken).ConfigureAwait(false);
            }
            catch (ListingApiException ex) when (!ex.StopsRun)
            {
                return record(tally.ApplyTo(state), pages, [.. idsOrder], calls).Fail(ex.Reason);
            }

            pages++;
            foreach (var listing in page.Listings)
            {
                if (ids.Add(listing.ListingId))
                {
                    idsOrder.Add(listing.ListingId);
                }
            }

            add(tally, page);
            var next = record(tally.ApplyTo(state), pages, [.. idsOrder], calls);
            if (decide(next, page, pageNumber, tally, page.IsLast(ids.Count)) is { } done)
            {
                return done;
            }
        }
    }
}
