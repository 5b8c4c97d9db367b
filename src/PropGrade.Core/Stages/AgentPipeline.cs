using PropGrade.Core.Grading;
using PropGrade.Core.Listings;
using PropGrade.Core.Runs;

namespace PropGrade.Core.Stages;

/// <summary>
/// All stages of one agent in-process (the local orchestrator's item processor): profile, then active (with
/// includeActive and the tier still open), then sold, until the agent is done.
/// </summary>
public static class AgentPipeline
{
    public static Task<AgentState> RunAsync(AgentState state, GradingPlan plan, IListingSource source, FetchContext context, CancellationToken cancellationToken) =>
        RunAsync(state, plan, source, context, yieldBeforePage: null, cancellationToken);

    /// <summary>
    /// Runs the agent's remaining stages. When <paramref name="yieldBeforePage"/> answers true before a listing page
    /// (never before the first page of a call), the agent is returned where it is: not done, its next stage and every
    /// page read so far recorded, so a later call goes on from the next page and asks no page twice. A time-budgeted
    /// worker uses it to stop before its deadline (docs/aws.md, "Time budget").
    /// </summary>
    public static async Task<AgentState> RunAsync(AgentState state, GradingPlan plan, IListingSource source, FetchContext context, Func<bool>? yieldBeforePage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        // The first listing page of this call is always read (progress); after it, the caller's answer decides.
        var firstPageAsked = false;
        Func<bool>? yieldAfterFirstPage = yieldBeforePage is null ? null : () =>
        {
            if (!firstPageAsked)
            {
                firstPageAsked = true;
                return false;
            }

            return yieldBeforePage();
        };
        state = await ProfileStage.RunAsync(state, plan, source, context, cancellationToken).ConfigureAwait(false);
        state = await ActiveStage.RunAsync(state, plan, source, context, yieldAfterFirstPage, cancellationToken).ConfigureAwait(false);
        if (state.Next == AgentStage.Active)
        {
            return state;
        }

        return await SoldStage.RunAsync(state, plan, source, context, yieldAfterFirstPage, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Grades one agent end to end. Exceptions with <see cref="ListingApiException.StopsRun"/> propagate.</summary>
    public static async Task<AgentResult> GradeAsync(AgentWorkItem item, GradingPlan plan, IListingSource source, FetchContext context, CancellationToken cancellationToken)
    {
        var state = await RunAsync(AgentState.Start(item), plan, source, context, cancellationToken).ConfigureAwait(false);
        return state.ToResult(plan);
    }
}
