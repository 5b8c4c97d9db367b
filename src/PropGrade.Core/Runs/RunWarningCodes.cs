namespace PropGrade.Core.Runs;

/// <summary>The codes of <see cref="RunWarning"/>.</summary>
public static class RunWarningCodes
{
    /// <summary>A market's <c>/agents/list</c> had no agents at all.</summary>
    public const string MarketEmpty = "market_empty";

    /// <summary>The provider stopped serving a market before <c>matching_rows</c>: agents not reached were not graded.</summary>
    public const string MarketTruncated = "market_truncated";

    /// <summary>A market could not be discovered after retries: the run is PARTIAL and the market must be run again.</summary>
    public const string MarketFailed = "market_failed";

    /// <summary>An agent's sold pages were not newest first: the window stop was turned off for it (one per agent).</summary>
    public const string UnorderedPages = "unordered_pages";

    /// <summary>Listings named an advertiser type of no side (one per type): those sides counted for nothing.</summary>
    public const string UnknownAdvertiserType = "unknown_advertiser_type";
}
