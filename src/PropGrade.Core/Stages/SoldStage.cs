using PropGrade.Core.Grading;
using PropGrade.Core.Listings;
using PropGrade.Core.Runs;

namespace PropGrade.Core.Stages;

/// <summary>
/// Stage 3: sold listings, newest first (<c>type=forSold</c>). Every page's order is checked (<see cref="OrderCheck"/>):
/// the first page out of order turns the <c>window_end</c> stop off for the agent. After each page, in this order: the
/// top selected tier met (<c>tier_settled</c>); all pages in order so far and the page's oldest sale before
/// <c>soldSince</c> (<c>window_end</c>); the last page (<c>end_of_data</c>, from <c>total</c> and the distinct listing ids read); <c>maxPages</c> (<c>depth_cap</c>, incomplete).
/// </summary>
public static class SoldStage
{
    public const string Name = "sold";

    public static Task<AgentState> RunAsync(AgentState state, GradingPlan plan, IListingSource source, FetchContext context, CancellationToken cancellationToken) =>
        RunAsync(state, plan, source, context, yieldBeforePage: null, cancellationToken);

    /// <summary>As above; <paramref name="yieldBeforePage"/> may end the call between pages with the agent still in this stage (see <see cref="AgentPipeline"/>).</summary>
    public static async Task<AgentState> RunAsync(AgentState state, GradingPlan plan, IListingSource source, FetchContext context, Func<bool>? yieldBeforePage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(context);
        if (state.Next != AgentStage.Sold)
        {
            return state;
        }

        var stageContext = context with { Stage = Name, AgentId = state.Item.AdvertiserId };
        return await PagedListingLoop.RunAsync(
            state,
            source,
            ListingKind.ForSold,
            stageContext,
            state.SoldPages,
            state.SoldIdsRead,
            static (s, pages, ids, calls) => s with { SoldPages = pages, SoldIdsRead = ids, Calls = calls },
            (tally, page) => tally.AddSold(page.Listings, plan),
            (next, page, pageNumber, tally, isLast) => Decide(next, page, pageNumber, tally, isLast, plan),
            yieldBeforePage,
            cancellationToken).ConfigureAwait(false);
    }

    private static AgentState? Decide(AgentState next, ListingPage page, int pageNumber, ListingTally tally, bool isLast, GradingPlan plan)
    {
        var order = OrderCheck.Check(page.Listings, next.LastSoldDate);
        next = next with
        {
            LastSoldDate = order.LastDate ?? next.LastSoldDate,
            UnorderedPages = next.UnorderedPages || !order.InOrder,
        };

        if (plan.TopMet(tally.Volume(plan), tally.SoldSides))
        {
            return Finish(next, StopReasons.TierSettled, complete: true);
        }

        if (!next.UnorderedPages && order.OldestDate is { } oldest && oldest < plan.SoldSince)
        {
            return Finish(next, StopReasons.WindowEnd, complete: !next.DepthCapped);
        }

        if (isLast)
        {
            return Finish(next, StopReasons.EndOfData, complete: !next.DepthCapped);
        }

        if (pageNumber >= plan.MaxPages)
        {
            return Finish(next with { DepthCapped = true }, StopReasons.DepthCap, complete: false);
        }

        return null;
    }

    private static AgentState Finish(AgentState state, string reason, bool complete) => state with
    {
        Next = AgentStage.Done,
        Complete = complete,
        StopReason = complete || !state.DepthCapped ? reason : StopReasons.DepthCap,
    };
}
