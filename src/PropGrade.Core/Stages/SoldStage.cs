using PropGrade.Core.Grading;
using PropGrade.Core.Listings;

namespace PropGrade.Core.Stages;

/// <summary>
/// Stage 3: sold listings, newest first (<c>type=forSold</c>). After each page, in this order: the top selected
/// tier met (<c>tier_settled</c>); the page's oldest sale before <c>soldSince</c> (<c>window_end</c>); the last page
/// (<c>end_of_data</c>); <c>maxPages</c> (<c>depth_cap</c>, incomplete).
/// </summary>
public static class SoldStage
{
    public const string Name = "sold";

    public static async Task<AgentState> RunAsync(AgentState state, GradingPlan plan, IListingSource source, FetchContext context, CancellationToken cancellationToken)
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
            static (s, pages, calls) => s with { SoldPages = pages, Calls = calls },
            (tally, page) => tally.AddSold(page.Listings, plan),
            (next, page, pageNumber, tally) => Decide(next, page, pageNumber, tally, plan),
            cancellationToken).ConfigureAwait(false);
    }

    private static AgentState? Decide(AgentState next, ListingPage page, int pageNumber, ListingTally tally, GradingPlan plan)
    {
        if (plan.TopMet(tally.Volume(plan), tally.SoldSides))
        {
            return Finish(next, StopReasons.TierSettled, complete: true);
        }

        if (page.Listings.Count > 0 && OldestSoldDate(page) is { } oldest && oldest < plan.SoldSince)
        {
            return Finish(next, StopReasons.WindowEnd, complete: !next.DepthCapped);
        }

        if (page.IsLast)
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

    private static DateOnly? OldestSoldDate(ListingPage page)
    {
        DateOnly? oldest = null;
        foreach (var listing in page.Listings)
        {
            if (listing.SoldDate is { } date && (oldest is null || date < oldest))
            {
                oldest = date;
            }
        }

        return oldest;
    }
}
