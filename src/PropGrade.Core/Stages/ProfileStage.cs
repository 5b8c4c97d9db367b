using PropGrade.Core.Grading;
using PropGrade.Core.Listings;

namespace PropGrade.Core.Stages;

/// <summary>
/// Stage 1: the profile (one call), the initial score, and the sound "can this agent reach a selected tier?"
/// proof. Sends the agent to active listings, sold listings, or done (<c>profile_bound</c>).
/// </summary>
public static class ProfileStage
{
    public const string Name = "profile";

    public static async Task<AgentState> RunAsync(AgentState state, GradingPlan plan, IListingSource source, FetchContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(context);
        if (state.Next != AgentStage.Profile)
        {
            return state;
        }

        AgentProfile profile;
        try
        {
            profile = await source.GetProfileAsync(state.Item.AdvertiserId, context with { Stage = Name, AgentId = state.Item.AdvertiserId }, cancellationToken).ConfigureAwait(false);
        }
        catch (ListingApiException ex) when (!ex.StopsRun)
        {
            return (state with { Calls = state.Calls + 1 }).Fail(ex.Reason);
        }

        var profiled = state with
        {
            Calls = state.Calls + 1,
            FulfillmentId = profile.FulfillmentId,
            Name = profile.Name,
            Office = profile.OfficeName,
            InitialTier = ProfileBound.InitialTier(profile, plan),
        };

        if (!ProfileBound.CanReachLowestSelected(profile, plan))
        {
            return profiled with
            {
                Next = AgentStage.Done,
                Complete = true,
                Skipped = true,
                StopReason = StopReasons.ProfileBound,
            };
        }

        return profiled with { Next = plan.IncludeActive ? AgentStage.Active : AgentStage.Sold };
    }
}
