namespace PropGrade.Core.Runs;

/// <summary>The batch-tracking row of one run (<c>contracts/runs-api.md</c>, "Run record").</summary>
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
    IReadOnlyList<string> Exports);
