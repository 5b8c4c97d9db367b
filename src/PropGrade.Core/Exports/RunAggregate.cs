using PropGrade.Core.Runs;

namespace PropGrade.Core.Exports;

/// <summary>
/// What aggregation produced: the status the grades give, the tier counts, the rows to export (selected tiers, in
/// export order: tier, then volume, then id), the summary and the run's warnings. <see cref="RunExporter"/> writes the
/// files from it.
/// </summary>
public sealed record RunAggregate(
    RunStatus Status,
    IReadOnlyDictionary<string, int> TierCounts,
    IReadOnlyList<GradedRow> Rows,
    RunSummary Summary,
    IReadOnlyList<RunWarning> Warnings)
{
    /// <summary>
    /// Every graded agent as a row (selected tiers or not, incomplete and Unranked ones included), with the movement the
    /// aggregation gave it, in export order (tier, Unranked last, then volume, then id): what the run's agents index is built from.
    /// </summary>
    public IReadOnlyList<GradedRow> Agents { get; init; } = [];
}
