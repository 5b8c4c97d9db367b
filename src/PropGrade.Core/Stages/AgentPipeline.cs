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
    public static async Task<AgentState> RunAsync(AgentState state, GradingPlan plan, IListingSource source, FetchContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        state = await ProfileStage.RunAsync(state, plan, source, context, cancellationToken).ConfigureAwait(false);
        state = await ActiveStage.RunAsync(state, plan, source, context, cancellationToken).ConfigureAwait(false);
        state = await SoldStage.RunAsync(state, plan, source, context, cancellationToken).ConfigureAwait(false);
        return state;
    }

    /// <summary>Grades one agent end to end. Exceptions with <see cref="ListingApiException.StopsRun"/> propagate.</summary>
    public static async Task<AgentResult> GradeAsync(AgentWorkItem item, GradingPlan plan, IListingSource source, FetchContext context, CancellationToken cancellationToken)
    {
        var state = await RunAsync(AgentState.Start(item), plan, source, context, cancellationToken).ConfigureAwait(false);
        return state.ToResult(plan);
    }
}
