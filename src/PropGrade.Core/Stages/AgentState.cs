using PropGrade.Core.Grading;
using PropGrade.Core.Listings;
using PropGrade.Core.Runs;

namespace PropGrade.Core.Stages;

/// <summary>
/// One agent between stages: the work item, the profile facts needed later, the figures so far, what was read
/// and what comes next. Every stage takes one and returns the next; on AWS it is the Lambda payload.
/// </summary>
public sealed record AgentState
{
    /// <summary>The work item.</summary>
    public required AgentWorkItem Item { get; init; }

    /// <summary>The stage to run next; <see cref="AgentStage.Done"/> when graded.</summary>
    public AgentStage Next { get; init; }

    /// <summary>True once stage 1 had the profile figures (from the discovery entry or <c>get-profile</c>).</summary>
    public bool Profiled { get; init; }

    /// <summary>The ids <c>get-listings</c> takes; null until the profile is read, and for an agent without MLS entry.</summary>
    public ListingsKey? ListingsKey { get; init; }

    /// <summary>The agent's name (empty until the profile is read).</summary>
    public string Name { get; init; } = "";

    /// <summary>The office name.</summary>
    public string? Office { get; init; }

    /// <summary>What a sales rep acts on (null until the profile is read).</summary>
    public AgentContact? Contact { get; init; }

    /// <summary>The stage-1 initial score (<see cref="ProfileBound.InitialTier"/>).</summary>
    public string? InitialTier { get; init; }

    /// <summary>Sold volume in the window so far.</summary>
    public decimal SoldVolume { get; init; }

    /// <summary>Sold sides in the window so far.</summary>
    public decimal SoldSides { get; init; }

    /// <summary>Active listing-side volume so far (only with includeActive).</summary>
    public decimal ActiveVolume { get; init; }

    /// <summary>Active listing sides so far (only with includeActive).</summary>
    public decimal ActiveCount { get; init; }

    /// <summary>Counted sales whose price was undisclosed.</summary>
    public int UndisclosedSales { get; init; }

    /// <summary>Counted-eligible listings on which the agent appeared only with a type of no side.</summary>
    public int UnknownSides { get; init; }

    /// <summary>Those types, distinct, in the order first seen.</summary>
    public IReadOnlyList<string> UnknownTypes { get; init; } = [];

    /// <summary>Listing ids already counted: the same listing counts once per agent.</summary>
    public IReadOnlyList<string> SeenListingIds { get; init; } = [];

    /// <summary>Active pages read.</summary>
    public int ActivePages { get; init; }

    /// <summary>The distinct listing ids the active pages held (for the last-page rule), in the order first read.</summary>
    public IReadOnlyList<string> ActiveIdsRead { get; init; } = [];

    /// <summary>Sold pages read.</summary>
    public int SoldPages { get; init; }

    /// <summary>The distinct listing ids the sold pages held (for the last-page rule), in the order first read.</summary>
    public IReadOnlyList<string> SoldIdsRead { get; init; } = [];

    /// <summary>The last <c>sold_date</c> (in page order) of the sold pages read so far, for the order check.</summary>
    public DateOnly? LastSoldDate { get; init; }

    /// <summary>True once a sold page was out of order: the <c>window_end</c> stop is off for this agent.</summary>
    public bool UnorderedPages { get; init; }

    /// <summary>Listing-API requests made for this agent (failed ones included; retries are the client's).</summary>
    public int Calls { get; init; }

    /// <summary>True once a stage stopped at <c>maxPages</c> with more to read.</summary>
    public bool DepthCapped { get; init; }

    /// <summary>Meaningful once <see cref="Next"/> is Done.</summary>
    public bool Complete { get; init; }

    /// <summary>True when the profile bound skipped the listing stages.</summary>
    public bool Skipped { get; init; }

    /// <summary>Why the last stage stopped (see <see cref="StopReasons"/>), or the failure's reason.</summary>
    public string? StopReason { get; init; }

    /// <summary>A fresh agent, before its profile.</summary>
    public static AgentState Start(AgentWorkItem item) => new() { Item = item, Next = AgentStage.Profile };

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
            Calls,
            UndisclosedSales,
            VolumeEstimated: plan.UndisclosedPrice == UndisclosedPrice.ListPrice && UndisclosedSales > 0,
            UnknownSides,
            UnknownTypes,
            UnorderedPages,
            Profiled,
            Contact);
    }
}
