using PropGrade.Core.Grading;
using PropGrade.Core.Listings;

namespace PropGrade.Core.Stages;

/// <summary>
/// Stage 2: active listings (<c>type=forSale</c>, pending or not), only with includeActive. After each page: the top selected tier
/// met ends the agent (<c>tier_settled</c>, no sold calls); the last page goes on to sold; <c>maxPages</c> marks the
/// agent depth-capped and goes on to sold.
/// </summary>
public static class ActiveStage
{
    public const string Name = "active";

    public static Task<AgentState> RunAsync(AgentState state, GradingPlan plan, IListingSource source, FetchContext context, CancellationToken cancellationToken) =>
        RunAsync(state, plan, source, context, yieldBeforePage: null, cancellationToken);

    /// <summary>As above; <paramref name="yieldBeforePage"/> may end the call between pages with the agent still in this stage (see <see cref="AgentPipeline"/>).</summary>
    public static async Task<AgentState> RunAsync(AgentState state, GradingPlan plan, IListingSource source, FetchContext context, Func<bool>? yieldBeforePage, CancellationToken cancellationToken)
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
        return await PagedListingLoop.RunAsync(
            state,
            source,
            ListingKind.ForSale,
            stageContext,
            state.ActivePages,
            state.ActiveIdsRead,
            static (s, pages, ids, calls) => s with { ActivePages = pages, ActiveIdsRead = ids, Calls = calls },
            static (tally, page) => tally.AddActive(page.Listings),
            (next, _, pageNumber, tally, isLast) => Decide(next, pageNumber, tally, isLast, plan),
            yieldBeforePage,
            cancellationToken).ConfigureAwait(false);
    }

    private static AgentState? Decide(AgentState next, int pageNumber, ListingTally tally, bool isLast, GradingPlan plan)
    {
        if (plan.TopMet(tally.Volume(plan), tally.SoldSides))
        {
            return next with { Next = AgentStage.Done, Complete = true, StopReason = StopReasons.TierSettled };
        }

        if (isLast)
        {
            return next with { Next = AgentStage.Sold };
        }

        if (pageNumber >= plan.MaxPages)
        {
            return next with { Next = AgentStage.Sold, DepthCapped = true };
        }

        return null;
    }
}
