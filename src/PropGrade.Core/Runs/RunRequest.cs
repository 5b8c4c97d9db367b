using PropGrade.Core.Listings;

namespace PropGrade.Core.Runs;

/// <summary>
/// What to grade: one shape for the CLI, the runs API, the schedule and the Step Functions input
/// (<c>contracts/runs-api.md</c>). Tiers are ordered highest first. Exactly one of <see cref="Markets"/> and
/// <see cref="Roster"/> is used; markets default to the source's configured markets.
/// </summary>
/// <param name="SoldSince">
/// The sold window's first day. For a rolling request (<see cref="RollingMonths"/>) this is the window as it was when
/// the request was accepted; the run grades <see cref="WindowAt"/> the API's today when it starts.
/// </param>
/// <param name="AsOf">The sold window's last day (for a rolling request: see <paramref name="SoldSince"/>).</param>
/// <param name="Roster">Agents named by advertiser id and NRDS id, instead of markets.</param>
/// <param name="UndisclosedPrice">What an undisclosed sale price counts as (default: the list price).</param>
/// <param name="Name">A name for the run (shown in lists and in download names), at most <see cref="MaxNameLength"/> printable characters; null when none.</param>
/// <param name="RollingMonths">
/// A rolling window instead of fixed dates: the <c>N</c> months before the listing API's today when the run starts
/// (1..<see cref="MaxRollingMonths"/>). The quarterly schedule and "run again" use it, so a re-run moves forward in time.
/// </param>
public sealed record RunRequest(
    IReadOnlyList<TierDefinition> Tiers,
    DateOnly SoldSince,
    DateOnly AsOf,
    bool IncludeActive,
    IReadOnlyList<string> SelectedTiers,
    IReadOnlyList<string>? Markets,
    IReadOnlyList<RosterEntry>? Roster,
    int MaxPages,
    UndisclosedPrice UndisclosedPrice = UndisclosedPrice.ListPrice,
    string? Name = null,
    int? RollingMonths = null)
{
    /// <summary>The longest run name, in characters.</summary>
    public const int MaxNameLength = 80;

    /// <summary>The longest rolling window, in months (the window limit of ten years).</summary>
    public const int MaxRollingMonths = 120;

    /// <summary>
    /// The window a run of this request grades when the listing API's today is <paramref name="apiToday"/>: the
    /// <see cref="RollingMonths"/> months before it for a rolling request, else the fixed dates.
    /// </summary>
    public (DateOnly SoldSince, DateOnly AsOf) WindowAt(DateOnly apiToday) =>
        RollingMonths is { } months ? (RollingStart(apiToday, months), apiToday) : (SoldSince, AsOf);

    /// <summary>This request with its window resolved at <paramref name="apiToday"/> (a fixed request is returned as is).</summary>
    public RunRequest ResolvedAt(DateOnly apiToday)
    {
        if (RollingMonths is null)
        {
            return this;
        }

        var (since, asOf) = WindowAt(apiToday);
        return since == SoldSince && asOf == AsOf ? this : this with { SoldSince = since, AsOf = asOf };
    }

    /// <summary>The first day of a rolling window of <paramref name="months"/> months ending <paramref name="today"/>.</summary>
    public static DateOnly RollingStart(DateOnly today, int months) => today.AddMonths(-Math.Clamp(months, 1, MaxRollingMonths));
}
