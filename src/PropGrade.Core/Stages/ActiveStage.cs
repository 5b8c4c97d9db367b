using PropGrade.Core.Grading;
using PropGrade.Core.Listings;

namespace PropGrade.Core.Stages;

/// <summary>
/// Stage 2: active listings (<c>type=forSale</c>), only with includeActive. After each page: the top selected tier
/// met ends the agent (<c>tier_settled</c>, no sold calls); the last page goes on to sold; <c>maxPages</c> marks the
/// agent depth-capped and goes on to sold.
/// </summary>
public static class ActiveStage
{
    public const string Name = "active";

    public static async Task<AgentState> RunAsync(AgentState state, GradingPlan plan, IListingSource source, FetchContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(context);
        if (state.Next != AgentStage.Active)
        {
            return state;
        }

        var stageContext = context with { Stage = Name, AgentId = state.Item.AdvertiserId };
        var tally = new ListingTally(state);
        var pages = state.ActivePages;
        var calls = state.Calls;
        while (true)
        {
            var pageNumber = pages + 1;
            ListingPage page;
            try
            {
                calls++;
                page = await source.GetListingPageAsync(state.FulfillmentId, ListingKind.ForSale, pageNumber, stageContext, cancellationToken).ConfigureAwait(false);
            }
            catch (ListingApiException ex) when (!ex.StopsRun)
            {
                return (tally.ApplyTo(state) with { ActivePages = pages, Calls = calls }).Fail(ex.Reason);
            }

            pages++;
            tally.AddActive(page.Listings);
            var next = tally.ApplyTo(state) with { ActivePages = pages, Calls = calls };
            if (plan.TopMet(tally.Volume(plan), tally.SoldSides))
            {
                return next with { Next = AgentStage.Done, Complete = true, StopReason = StopReasons.TierSettled };
            }

            if (page.IsLast)
            {
                return next with { Next = AgentStage.Sold };
            }

            if (pageNumber >= plan.MaxPages)
            {
                return next with { Next = AgentStage.Sold, DepthCapped = true };
            }
        }
    }
}
