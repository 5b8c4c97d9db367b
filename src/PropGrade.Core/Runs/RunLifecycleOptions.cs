using PropGrade.Core.Agents;
using PropGrade.Core.Exports;

namespace PropGrade.Core.Runs;

/// <summary>How <see cref="RunLifecycle"/> behaves where the hosts differ only in settings.</summary>
public sealed class RunLifecycleOptions
{
    /// <summary>
    /// The run-level breaker: this many agents in a row ending incomplete on an API failure stop the run (FAILED,
    /// resumable). Default 50; 0 turns it off.
    /// </summary>
    public int BreakerThreshold { get; set; } = 50;

    /// <summary>How the export files are written. Default <see cref="ExportOptions.Default"/>.</summary>
    public ExportOptions Exports { get; set; } = ExportOptions.Default;

    /// <summary>
    /// How aggregation sorts the rows (rows held in memory, where the sorted runs spill). Default: the system temporary
    /// directory (the Lambda's <c>/tmp</c>); the local engine uses the data directory's <c>tmp</c>.
    /// </summary>
    public AggregationOptions Aggregation { get; set; } = AggregationOptions.Default;

    /// <summary>
    /// Where the run's agents index (the results table's source: every graded row) is written with the exports; null
    /// writes none. A failed write makes the run PARTIAL like a failed export.
    /// </summary>
    public IRunAgentsIndex? AgentsIndex { get; set; }

    /// <summary>
    /// The most discovery pages one market slice holds before it is saved and the market continues in a new slice (on
    /// top of any time budget). A slice's pages and their raw exchanges are held in memory until it is saved, so this
    /// bounds discovery's memory whatever a market's size (a 14,500-agent market is 725 pages). Default 200 (4,000 agents).
    /// </summary>
    public int PagesPerSlice { get; set; } = 200;

    /// <summary>
    /// The revision-1 strategy, for the calls benchmark only: discovered agents lose their list entry, so stage 1 calls
    /// <c>get-profile</c> for every agent. Default false.
    /// </summary>
    public bool ProfileCallPerAgent { get; set; }

    /// <summary>Throws when a value is out of range.</summary>
    public RunLifecycleOptions Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(BreakerThreshold);
        ArgumentOutOfRangeException.ThrowIfLessThan(PagesPerSlice, 1);
        ArgumentNullException.ThrowIfNull(Exports);
        Exports.Validate();
        ArgumentNullException.ThrowIfNull(Aggregation);
        ArgumentOutOfRangeException.ThrowIfLessThan(Aggregation.RowsPerRun, 1);
        return this;
    }
}
