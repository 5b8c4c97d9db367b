namespace PropGrade.Core.Runs;

/// <summary>The batch-tracking row of one run (<c>contracts/runs-api.md</c>, "Run record").</summary>
/// <param name="ApiToday">
/// The listing API's "today" the run was graded against (the profile bound depends on it); kept so that a
/// regrade uses the same plan. Null for records written before it existed.
/// </param>
/// <param name="RegradeOf">The run whose raw responses this run re-graded, when it is a regrade.</param>
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
    string? RegradeOf = null);
