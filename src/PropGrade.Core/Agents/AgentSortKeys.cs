namespace PropGrade.Core.Agents;

/// <summary>
/// What a page of agents can be sorted by: every column the page shows, named as the row's JSON field (<c>city</c> is
/// <c>contact.city</c>; <c>volume</c> is the graded volume: sold, plus active with includeActive). Ties keep the export
/// order (tier, then volume, then id), so paging through a sort never repeats or skips a row.
/// </summary>
public static class AgentSortKeys
{
    /// <summary>The export order: tier (highest first, Unranked last), then volume (highest first), then advertiser id.</summary>
    public const string Default = "rank";

    public static IReadOnlyList<string> All { get; } =
    [
        Default, "advertiserId", "name", "office", "city", "market", "tier", "volume", "soldVolume", "soldSides",
        "activeVolume", "activeCount", "initialTier", "movement", "complete", "stopReason", "pagesFetched", "undisclosedSales",
    ];

    public static bool IsKnown(string key) => All.Contains(key, StringComparer.Ordinal);
}
