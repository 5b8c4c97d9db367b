using PropGrade.Core.Runs;

namespace PropGrade.Core.Exports;

/// <summary>
/// What <see cref="RunAggregator.AggregateAsync"/> produced: the same figures as a <see cref="RunAggregate"/>, with the
/// ordered rows (<see cref="Rows"/>, <see cref="Agents"/> and the Incomplete sheet of <see cref="Details"/>) read from
/// the external sort's files at each enumeration instead of held in memory. Disposing it deletes those files.
/// </summary>
public sealed class StreamedRunAggregate : IDisposable
{
    private readonly IReadOnlyList<ExternalSorter<GradedRow>> _sorters;

    internal StreamedRunAggregate(
        IReadOnlyList<ExternalSorter<GradedRow>> sorters, RunStatus status, IReadOnlyDictionary<string, int> tierCounts, RunSummary summary, IReadOnlyList<RunWarning> warnings,
        RunComparison comparison, ExportDetails details, IReadOnlyCollection<GradedRow> rows, IReadOnlyCollection<GradedRow> agents, RunResultCounts counts)
    {
        _sorters = sorters;
        Status = status;
        TierCounts = tierCounts;
        Summary = summary;
        Warnings = warnings;
        Comparison = comparison;
        Details = details;
        Rows = rows;
        Agents = agents;
        Counts = counts;
    }

    public RunStatus Status { get; }

    public IReadOnlyDictionary<string, int> TierCounts { get; }

    public RunSummary Summary { get; }

    public IReadOnlyList<RunWarning> Warnings { get; }

    public RunComparison Comparison { get; }

    /// <summary>The Markets and Dropped sheets (in memory) and the Incomplete sheet (streamed).</summary>
    public ExportDetails Details { get; }

    /// <summary>The rows to export (selected tiers), in export order; streamed at each enumeration.</summary>
    public IReadOnlyCollection<GradedRow> Rows { get; }

    /// <summary>Every graded agent's row, in export order (the agents index's source); streamed at each enumeration.</summary>
    public IReadOnlyCollection<GradedRow> Agents { get; }

    /// <summary>The totals of the results aggregated (what the run's agent counters are reconciled with).</summary>
    public RunResultCounts Counts { get; }

    /// <summary>How many sorted runs the sort of every agent spilled to files (0: it all fit in memory).</summary>
    public int SpilledRuns => _sorters[0].SpilledRuns;

    public void Dispose()
    {
        foreach (var sorter in _sorters)
        {
            sorter.Dispose();
        }
    }
}
