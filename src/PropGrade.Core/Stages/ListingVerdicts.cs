namespace PropGrade.Core.Stages;

/// <summary>
/// The verdict codes <see cref="ListingTally"/> gives a listing it reads (<c>docs/grading-rules.md</c>, "Metrics"),
/// in the order its rules test them. Everything but <see cref="Counted"/> adds nothing to the figures.
/// </summary>
public static class ListingVerdicts
{
    /// <summary>Counted: a sold listing in the window (sides and volume), or an active listing with includeActive.</summary>
    public const string Counted = "counted";

    /// <summary>A listing that is not <c>sold</c> but carries <c>sold_*</c>: the property's previous sale, never counted.</summary>
    public const string PreviousSale = "previous_sale";

    /// <summary>An active (<c>for_sale</c>) listing read on a sold page while active listings are not included.</summary>
    public const string ActiveNotIncluded = "active_not_included";

    /// <summary>A listing on a sold page whose status is not <c>sold</c> (<c>off_market</c>, <c>for_rent</c>, ...).</summary>
    public const string NotSold = "not_sold";

    /// <summary>A listing on an active page whose status is not <c>for_sale</c>.</summary>
    public const string NotActive = "not_active";

    /// <summary>A sold listing without a <c>sold_date</c>.</summary>
    public const string NoSoldDate = "no_sold_date";

    /// <summary>A sold listing whose <c>sold_date</c> is before <c>soldSince</c> or after <c>asOf</c>.</summary>
    public const string OutsideWindow = "outside_window";

    /// <summary>A listing id already counted for this agent (each listing counts once per agent).</summary>
    public const string DuplicateListing = "duplicate_listing";

    /// <summary>The agent appears on the listing only with an advertiser type of no side (reported as an unknown side).</summary>
    public const string UnknownAdvertiserType = "unknown_advertiser_type";

    /// <summary>The agent is not among the listing's advertisers.</summary>
    public const string NotOnListing = "not_on_listing";

    /// <summary>Every code, in the order the rules test them.</summary>
    public static IReadOnlyList<string> All { get; } =
        [Counted, PreviousSale, ActiveNotIncluded, NotSold, NotActive, NoSoldDate, OutsideWindow, DuplicateListing, UnknownAdvertiserType, NotOnListing];
}
