namespace PropGrade.Core.Runs;

/// <summary>How a run ended: written once, by the aggregate step or by the failure handler.</summary>
/// <param name="Warnings">The run's warnings (null keeps what the record holds).</param>
/// <param name="Comparison">What the movement was measured against (null keeps what the record holds).</param>
public sealed record RunOutcome(
    RunStatus Status,
    DateTimeOffset FinishedAt,
    IReadOnlyDictionary<string, int> TierCounts,
    IReadOnlyList<string> Exports,
    string? Error,
    IReadOnlyList<RunWarning>? Warnings = null,
    RunComparison? Comparison = null);
