namespace PropGrade.Core.Runs;

/// <summary>The batch-tracking row of one run (<c>contracts/runs-api.md</c>, "Run record").</summary>
/// <param name="ApiToday">
/// The listing API's "today" the run was graded against (the profile bound depends on it); kept so that a
/// regrade uses the same plan. Null for records written before it existed.
/// </param>
/// <param name="RegradeOf">The run whose raw responses this run re-graded, when it is a regrade.</param>
/// <param name="ListingApiRevision">
/// The listing-API contract revision the run was made under (<see cref="CurrentListingApiRevision"/> for new runs);
/// null for records written before revision 2, which are revision 1: listable and showable, never resumed or regraded.
/// </param>
/// <param name="Markets">Per market: agents found, truncated or failed (null until discovery has run, and for rosters).</param>
/// <param name="Warnings">What the user should know that did not stop the run (set when the run finishes).</param>
/// <param name="Comparison">Which previous run (and window) the movement was measured against, or none (set when the run finishes).</param>
/// <param name="Source">
/// The listing source the run was created against (never the key); a resume against another source is refused. Null
/// for records written before it existed (and for tests' hand-made records).
/// </param>
public sealed record RunRecord(
    string RunId,
    RunStatus Status,
    RunRequest Request,
    RunTrigger Trigger,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    RunCounters Counters,
    IReadOnlyDictionary<string, int> TierCounts,
    string? Error,
    IReadOnlyList<string> Exports,
    DateOnly? ApiToday = null,
    string? RegradeOf = null,
    int? ListingApiRevision = null,
    IReadOnlyList<MarketReport>? Markets = null,
    IReadOnlyList<RunWarning>? Warnings = null,
    RunComparison? Comparison = null,
    RunSource? Source = null)
{
    /// <summary>The listing-API contract revision this build speaks.</summary>
    public const int CurrentListingApiRevision = 2;

    /// <summary>The revision the run was made under (1 for records that predate the field).</summary>
    public int EffectiveListingApiRevision => ListingApiRevision ?? 1;

    /// <summary>
    /// The sold window the run grades (or graded): the request's fixed dates, or for a rolling request the months before
    /// the API's today of the run (<see cref="ApiToday"/>; before the run has one, the day the request was accepted).
    /// </summary>
    public (DateOnly SoldSince, DateOnly AsOf) Window() => Request.WindowAt(ApiToday ?? Request.AsOf);
}
