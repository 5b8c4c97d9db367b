using System.Collections.Frozen;
using PropGrade.Core.Grading;

namespace PropGrade.Core.Runs;

/// <summary>
/// What an omitted <see cref="RunRequest"/> field becomes: the three default tiers, a 12-month window ending
/// <see cref="Today"/>, active listings excluded, all tiers selected, 19 pages, and the source's markets.
/// </summary>
/// <param name="Today">The run date (UTC) and the latest allowed <c>asOf</c>.</param>
/// <param name="Markets">The listing source's configured markets (the simulator: all of <c>/__sim/markets</c>).</param>
public sealed record RunDefaults(DateOnly Today, IReadOnlyList<string> Markets)
{
    /// <summary>The provider's depth cap is 20; 19 leaves one page of headroom.</summary>
    public const int DefaultMaxPages = 19;

    /// <summary>A = $40M; B = 40 sides or $16M; C = 12 sides or $5M.</summary>
    public static IReadOnlyList<TierDefinition> DefaultTiers { get; } =
    [
        new("A", 40_000_000m, null),
        new("B", 16_000_000m, 40m),
        new("C", 5_000_000m, 12m),
    ];

    /// <summary>
    /// The city and state of the markets the source can name (the simulator's <c>/__sim/markets</c>), keyed by ZIP;
    /// empty when it knows none. For display only: validation never depends on it.
    /// </summary>
    public IReadOnlyDictionary<string, MarketPlace> MarketPlaces { get; init; } = FrozenDictionary<string, MarketPlace>.Empty;

    /// <summary>The default window's length in months.</summary>
    public const int DefaultWindowMonths = 12;

    /// <summary>
    /// The request of the quarterly schedule: the default request on a rolling window of
    /// <see cref="DefaultWindowMonths"/> months (the months before the API's today when the run starts), so every
    /// scheduled run grades the latest twelve months; named after the quarter it ran in ("Quarterly 2026 Q4").
    /// </summary>
    public RunRequest CreateScheduledRequest() => CreateDefaultRequest() with
    {
        RollingMonths = DefaultWindowMonths,
        Name = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Quarterly {Today.Year} Q{(Today.Month + 2) / 3}"),
    };

    /// <summary>The request a run gets when every field is omitted.</summary>
    public RunRequest CreateDefaultRequest() => new(
        DefaultTiers,
        GradingPlan.DefaultSoldSince(Today),
        Today,
        IncludeActive: false,
        [.. DefaultTiers.Select(t => t.Name)],
        Markets,
        Roster: null,
        DefaultMaxPages);
}
