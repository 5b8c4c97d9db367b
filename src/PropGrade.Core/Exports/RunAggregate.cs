using PropGrade.Core.Runs;

namespace PropGrade.Core.Exports;

/// <summary>
/// What aggregation produced: the status the grades give, the tier counts, the rows to export (selected tiers, in
/// export order: tier, then volume, then id), the summary, the run's warnings, what the movement was measured against
/// and the workbook's other sheets (markets, dropped and incomplete agents). <see cref="RunExporter"/> writes the files
/// from it; the run record keeps <see cref="Comparison"/>.
/// </summary>
public sealed record RunAggregate(
    RunStatus Status,
    IReadOnlyDictionary<string, int> TierCounts,
    IReadOnlyList<GradedRow> Rows,
    RunSummary Summary,
    IReadOnlyList<RunWarning> Warnings,
    RunComparison? Comparison = null,
    ExportDetails? Details = null)
{
    /// <summary>
    /// Every graded agent as a row (selected tiers or not, incomplete and Unranked ones included), with the movement the
    /// aggregation gave it, in export order (tier, Unranked last, then volume, then id): what the run's agents index is built from.
    /// </summary>
    public IReadOnlyList<GradedRow> Agents { get; init; } = [];
}
