using PropGrade.Core.Runs;

namespace PropGrade.Core.Exports;

/// <summary>Which export files were written (in order) and which failed.</summary>
public sealed record ExportReport(IReadOnlyList<string> Written, IReadOnlyList<ExportFailure> Failures)
{
    /// <summary>
    /// The run's final status: the grades' status, or <see cref="RunStatus.Partial"/> when an export failed. A run
    /// whose API calls are made is never failed by its exports; PARTIAL keeps it resumable, and a resume whose agents
    /// are all saved makes no API call and writes the exports again.
    /// </summary>
    public RunStatus StatusAfter(RunStatus graded) => Failures.Count == 0 ? graded : RunStatus.Partial;

    /// <summary>The run record's error naming every failed export, or null when all were written.</summary>
    public string? Error => Failures.Count == 0
        ? null
        : $"Export failed: {string.Join("; ", Failures.Select(f => f.Describe()))}. The grades are saved: resume the run to write the exports again (no API calls).";
}
