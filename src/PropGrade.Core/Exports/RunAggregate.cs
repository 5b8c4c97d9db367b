using PropGrade.Core.Runs;

namespace PropGrade.Core.Exports;

/// <summary>What aggregation produced: the final status, the tier counts, the rows, the export files and the run's warnings.</summary>
public sealed record RunAggregate(
    RunStatus Status,
    IReadOnlyDictionary<string, int> TierCounts,
    IReadOnlyList<GradedRow> Rows,
    RunSummary Summary,
    IReadOnlyList<ExportFile> Files,
    IReadOnlyList<RunWarning> Warnings);
