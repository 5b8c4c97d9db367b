using PropGrade.Core.Listings;

namespace PropGrade.Core.Grading;

/// <summary>
/// The sound stage-1 proof that an agent cannot reach the lowest selected tier
/// (<c>docs/grading-rules.md</c>, step 2), and the initial score shown next to the final grade.
/// </summary>
public static class ProfileBound
{
    /// <summary>The most sides the listings can add up to: dual agency earns two per transaction.</summary>
    public static decimal MaxSides(AgentProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return 2m * profile.RecentlySold.Count;
    }

    /// <summary>The most volume the listings can add up to (sold, plus active when included).</summary>
    public static decimal MaxVolume(AgentProfile profile, bool includeActive)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var sold = 2m * profile.RecentlySold.Count * (profile.RecentlySold.Max ?? 0m);
        var active = includeActive ? profile.ForSale.Count * (profile.ForSale.Max ?? 0m) : 0m;
        return sold + active;
    }

    /// <summary>
    /// False only when the bound is valid for the plan's window and proves the lowest selected tier out of
    /// reach; true otherwise (the listings must be read).
    /// </summary>
    public static bool CanReachLowestSelected(AgentProfile profile, GradingPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (!plan.ProfileBoundValid)
        {
            return true;
        }

        var low = plan.Tiers[plan.LowIndex];
        return (low.MinVolume is { } v && MaxVolume(profile, plan.IncludeActive) >= v)
            || (low.MinSides is { } s && MaxSides(profile) >= s);
    }

    /// <summary>
    /// The initial score: the grade the profile alone suggests, taking each recent sale as one side at the
    /// midpoint of the price range (plus active listings the same way when included). An estimate for the
    /// sales team to compare with the final tier, never used to stop.
    /// </summary>
    public static string InitialTier(AgentProfile profile, GradingPlan plan)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(plan);
        var sold = profile.RecentlySold;
        var volume = sold.Count * Midpoint(sold);
        if (plan.IncludeActive)
        {
            volume += profile.ForSale.Count * Midpoint(profile.ForSale);
        }

        return plan.Grade(volume, sold.Count);
    }

    private static decimal Midpoint(ActivitySummary summary) =>
        ((summary.Min ?? summary.Max ?? 0m) + (summary.Max ?? summary.Min ?? 0m)) / 2m;
}
