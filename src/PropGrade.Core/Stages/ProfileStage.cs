using PropGrade.Core.Grading;
using PropGrade.Core.Listings;

namespace PropGrade.Core.Stages;

/// <summary>
/// Stage 1: the profile figures, the initial score, and the sound "can this agent reach a selected tier?" proof
/// (<c>docs/grading-rules.md</c>, "Calls, in order", steps 1 to 3). A discovered agent's profile is its
/// <c>/agents/list</c> entry, carried in the work item: <b>no call</b>. A roster agent's comes from
/// <c>get-profile</c> (one call). Then: the profile bound (<c>profile_bound</c>, complete), an agent without MLS entry
/// (<c>no_mls_id</c>, incomplete, no listing call), or on to active listings or sold listings.
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

        var profile = state.Item.Profile;
        if (profile is null)
        {
            var roster = new RosterEntry(state.Item.AdvertiserId, state.Item.NrdsId);
            state = state with { Calls = state.Calls + 1 };
            try
            {
                profile = await source.GetProfileAsync(roster, context with { Stage = Name, AgentId = state.Item.AdvertiserId }, cancellationToken).ConfigureAwait(false);
            }
            catch (ListingApiException ex) when (!ex.StopsRun)
            {
                return state.Fail(ex.Reason);
            }
        }

        var profiled = state with
        {
            Profiled = true,
            ListingsKey = profile.PrimaryListingsKey() is { } key ? key with { AdvertiserId = state.Item.AdvertiserId } : null,
            Name = profile.Name,
            Office = profile.OfficeName,
            Contact = profile.Contact.NrdsId is null && state.Item.NrdsId is { } nrds ? profile.Contact with { NrdsId = nrds } : profile.Contact,
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

        if (profiled.ListingsKey is null)
        {
            return profiled with { Next = AgentStage.Done, Complete = false, StopReason = StopReasons.NoMlsId };
        }

        return profiled with { Next = FirstListingStage(plan) };
    }

    /// <summary>Where an agent whose listings are to be read goes after its profile: active listings with includeActive, else sold.</summary>
    public static AgentStage FirstListingStage(GradingPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan.IncludeActive ? AgentStage.Active : AgentStage.Sold;
    }
}
