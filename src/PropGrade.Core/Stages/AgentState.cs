using PropGrade.Core.Grading;
using PropGrade.Core.Runs;

namespace PropGrade.Core.Stages;

/// <summary>
/// One agent between stages: the work item, the profile facts needed later, the figures so far, what was read
/// and what comes next. Every stage takes one and returns the next; on AWS it is the Lambda payload.
/// </summary>
/// <param name="Item">The work item.</param>
/// <param name="Next">The stage to run next; <see cref="AgentStage.Done"/> when graded.</param>
/// <param name="FulfillmentId">The id <c>get-listings</c> takes (0 until the profile is read).</param>
/// <param name="Name">The agent's name (empty until the profile is read).</param>
/// <param name="Office">The office name.</param>
/// <param name="InitialTier">The stage-1 initial score (<see cref="ProfileBound.InitialTier"/>).</param>
/// <param name="SoldVolume">Sold volume in the window so far.</param>
/// <param name="SoldSides">Sold sides in the window so far.</param>
/// <param name="ActiveVolume">Active listing-side volume so far (only with includeActive).</param>
/// <param name="ActiveCount">Active listing sides so far (only with includeActive).</param>
/// <param name="SeenListingIds">Listing ids already counted: the same listing counts once per agent.</param>
/// <param name="ActivePages">Active pages read.</param>
/// <param name="SoldPages">Sold pages read.</param>
/// <param name="Calls">Listing-API requests made for this agent (failed ones included; retries are the client's).</param>
/// <param name="DepthCapped">True once a stage stopped at <c>maxPages</c> with more to read.</param>
/// <param name="Complete">Meaningful once <see cref="Next"/> is Done.</param>
/// <param name="Skipped">True when the profile bound skipped the listing stages.</param>
/// <param name="StopReason">Why the last stage stopped (see <see cref="StopReasons"/>), or the failure's reason.</param>
public sealed record AgentState(
    AgentWorkItem Item,
    AgentStage Next,
    long FulfillmentId,
    string Name,
    string? Office,
    string? InitialTier,
    decimal SoldVolume,
    decimal SoldSides,
    decimal ActiveVolume,
    decimal ActiveCount,
    IReadOnlyList<string> SeenListingIds,
    int ActivePages,
    int SoldPages,
    int Calls,
    bool DepthCapped,
    bool Complete,
    bool Skipped,
    string? StopReason)
{
    /// <summary>A fresh agent, before its profile.</summary>
    public static AgentState Start(AgentWorkItem item) =>
        new(item, AgentStage.Profile, 0, "", null, null, 0m, 0m, 0m, 0m, [], 0, 0, 0, false, false, false, null);

    public bool IsDone => Next == AgentStage.Done;

    /// <summary><c>soldVolume + (includeActive ? activeVolume : 0)</c>.</summary>
    public decimal Volume(GradingPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return SoldVolume + (plan.IncludeActive ? ActiveVolume : 0m);
    }

    /// <summary>Ends the agent as incomplete because a page could not be read.</summary>
    public AgentState Fail(string reason) => this with
    {
        Next = AgentStage.Done,
        Complete = false,
        StopReason = reason,
    };

    /// <summary>The graded result (the agent must be done).</summary>
    public AgentResult ToResult(GradingPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (!IsDone)
        {
            throw new InvalidOperationException($"Agent {Item.AdvertiserId} is not done (next stage: {Next}).");
        }

        return new AgentResult(
            Item.AdvertiserId,
            FulfillmentId,
            Name,
            Office,
            Item.Market,
            plan.Grade(Volume(plan), SoldSides),
            InitialTier,
            SoldVolume,
            SoldSides,
            ActiveVolume,
            ActiveCount,
            Complete,
            Skipped,
            StopReason ?? StopReasons.NotGraded,
            ActivePages + SoldPages,
            Calls);
    }
}
