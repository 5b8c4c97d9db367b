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
    IReadOnlyList<RunWarning> Warnings);
