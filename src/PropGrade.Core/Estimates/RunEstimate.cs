namespace PropGrade.Core.Estimates;

/// <summary>
/// What a run request is expected to take (<c>POST /runs/estimate</c>), from the latest comparable run when there is
/// one, else from what earlier runs say of its markets, else from defaults — <see cref="Basis"/> says which.
/// </summary>
/// <param name="Agents">Agents expected to be graded.</param>
/// <param name="ApiCalls">Listing-API calls expected (discovery included).</param>
/// <param name="DiscoveryCalls">Of those, discovery calls.</param>
/// <param name="RequestsPerSecond">The configured request rate the duration assumes.</param>
/// <param name="DurationSeconds">The calls at that rate (the pacing is the floor of a run's duration).</param>
/// <param name="PreviousDurationSeconds">How long the comparable run took, when the basis is one.</param>
/// <param name="QuotaRemaining">The quota left, when a response reported it (null: unknown).</param>
/// <param name="QuotaLimit">The plan's period quota, when reported.</param>
/// <param name="QuotaAfter">The quota left after the run, when the quota is known.</param>
/// <param name="QuotaSeenAt">When the quota was reported.</param>
/// <param name="Cost">What the run costs on AWS (null locally, where there is no cost model).</param>
/// <param name="Basis"><c>run</c> (the latest comparable run), <c>markets</c> (agents per market from earlier runs) or <c>defaults</c>.</param>
/// <param name="BasisRunId">The run the basis came from (the comparable run, or the run whose calls per agent were used).</param>
/// <param name="BasisText">The basis in words.</param>
/// <param name="Notes">What else the figures assume.</param>
public sealed record RunEstimate(
    long Agents,
    long ApiCalls,
    long DiscoveryCalls,
    double RequestsPerSecond,
    double DurationSeconds,
    double? PreviousDurationSeconds,
    long? QuotaRemaining,
    long? QuotaLimit,
    long? QuotaAfter,
    DateTimeOffset? QuotaSeenAt,
    RunCost? Cost,
    string Basis,
    string? BasisRunId,
    string BasisText,
    IReadOnlyList<string> Notes);
