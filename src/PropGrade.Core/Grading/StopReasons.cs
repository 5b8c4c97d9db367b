namespace PropGrade.Core.Grading;

/// <summary>The <c>stop_reason</c> values the grading rules define (failures add the exception's reason, e.g. <c>http_503</c>).</summary>
public static class StopReasons
{
    /// <summary>The highest selected tier is met; the figures are lower bounds that meet it.</summary>
    public const string TierSettled = "tier_settled";

    /// <summary>A sold page reached past <c>soldSince</c>: the figures are exact for the window.</summary>
    public const string WindowEnd = "window_end";

    /// <summary>The last sold page was read: the figures are exact for the window.</summary>
    public const string EndOfData = "end_of_data";

    /// <summary>The profile proves the lowest selected tier out of reach: no listing was read.</summary>
    public const string ProfileBound = "profile_bound";

    /// <summary><c>maxPages</c> pages were read and more exist: incomplete.</summary>
    public const string DepthCap = "depth_cap";

    /// <summary>The agent has no MLS entry, so <c>get-listings</c> cannot be asked for it: incomplete, no listing call.</summary>
    public const string NoMlsId = "no_mls_id";

    /// <summary>A regrade lacks the raw responses the new plan needs.</summary>
    public const string NoRawData = "no_raw_data";

    /// <summary>The run stopped before this agent was graded.</summary>
    public const string NotGraded = "not_graded";
}
