using PropGrade.Core.Listings;

namespace PropGrade.Core.Stages;

/// <summary>
/// The paging loop shared by <see cref="ActiveStage"/> and <see cref="SoldStage"/>: fetch the next page (a
/// listing-API failure that does not stop the run fails the agent with its reason), add it to the tally, record the
/// page, result and call counts, then let the stage decide whether to stop after this page.
/// </summary>
internal static class PagedListingLoop
{
    /// <param name="state">The agent at the start of the stage (its <see cref="AgentState.ListingsKey"/> is set).</param>
    /// <param name="kind">Which listings to page through.</param>
    /// <param name="stageContext">The fetch context, already naming the stage and agent.</param>
    /// <param name="pagesDone">Pages of this kind already fetched (a resumed agent goes on after them).</param>
    /// <param name="resultsDone">Results of this kind already read (for the last-page rule).</param>
    /// <param name="record">Writes the stage's page and result counts and the call count onto a state.</param>
    /// <param name="add">Adds one page's listings to the tally.</param>
    /// <param name="decide">
    /// After each page: the state to return when the stage ends here, or null to fetch the next page. Receives the
    /// updated state, the page, its 1-based number and the tally.
    /// </param>
    public static async Task<AgentState> RunAsync(
        AgentState state,
        IListingSource source,
        ListingKind kind,
        FetchContext stageContext,
        int pagesDone,
        int resultsDone,
        Func<AgentState, int, int, int, AgentState> record,
        Action<ListingTally, ListingPage> add,
        Func<AgentState, ListingPage, int, ListingTally, AgentState?> decide,
        CancellationToken cancellationToken)
    {
        var key = state.ListingsKey ?? throw new InvalidOperationException($"Agent {state.Item.AdvertiserId} has no MLS ids to page with.");
        var tally = new ListingTally(state);
        var pages = pagesDone;
        var results = resultsDone;
        var calls = state.Calls;
        while (true)
        {
            var pageNumber = pages + 1;
            ListingPage page;
            try
            {
                calls++;
                page = await source.GetListingPageAsync(key, kind, pageNumber, results, stageContext, cancellationToken).ConfigureAwait(false);
            }
            catch (ListingApiException ex) when (!ex.StopsRun)
            {
                return record(tally.ApplyTo(state), pages, results, calls).Fail(ex.Reason);
            }

            pages++;
            results = page.ResultsRead;
            add(tally, page);
            var next = record(tally.ApplyTo(state), pages, results, calls);
            if (decide(next, page, pageNumber, tally) is { } done)
            {
                return done;
            }
        }
    }
}
