using PropGrade.Core.Agents;
using PropGrade.Core.Exports;

namespace PropGrade.Local.Orchestration;

/// <summary>How the local fan-out runs (the local twin of the Distributed Map's MaxConcurrency and ItemBatcher).</summary>
public sealed class OrchestratorOptions
{
    /// <summary>Batches graded at the same time. Default 8.</summary>
    public int Concurrency { get; set; } = 8;

    /// <summary>
    /// Agents per batch. A batch grades its agents one after another, then commits their raw exchanges and saves
    /// their results together: the unit resume skips. Default 10.
    /// </summary>
    public int BatchSize { get; set; } = 10;

    /// <summary>
    /// The run-level breaker: after this many agents in a row end incomplete on an API failure, the run stops
    /// (FAILED, resumable) instead of burning quota on a broken API. Default 50; 0 turns it off.
    /// </summary>
    public int BreakerThreshold { get; set; } = 50;

    /// <summary>
    /// The revision-1 strategy, for the calls benchmark only: stage 1 calls <c>get-profile</c> for every agent instead of
    /// taking a discovered agent's profile from its <c>/agents/list</c> entry. Default false.
    /// </summary>
    public bool ProfileCallPerAgent { get; set; }

    /// <summary>
    /// Markets discovered at the same time (all through the one client, so together never above its rate). Default 4;
    /// the engine derives it from the rate (<see cref="Core.Runs.WorkerPlan.ForDiscovery"/>, at most 8).
    /// </summary>
    public int MaxParallelMarkets { get; set; } = 4;

    /// <summary>
    /// The most discovery pages a market slice holds before it is saved and the market goes on in a new slice: bounds
    /// discovery's memory whatever a market's size. Default 200 (4,000 agents).
    /// </summary>
    public int DiscoveryPagesPerSlice { get; set; } = 200;

    /// <summary>How often progress is reported at most. Default 250 ms.</summary>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How the export files are written (sheet row limit, CSV BOM). Default <see cref="ExportOptions.Default"/>.</summary>
    public ExportOptions Exports { get; set; } = ExportOptions.Default;

    /// <summary>How aggregation sorts rows it cannot hold (where its sorted runs spill). Default: the system temporary directory.</summary>
    public AggregationOptions Aggregation { get; set; } = AggregationOptions.Default;

    /// <summary>Where the run's agents index (the results table's rows) is written with the exports; null = none.</summary>
    public IRunAgentsIndex? AgentsIndex { get; set; }

    /// <summary>Throws when a value is out of range; called once when the engine is built.</summary>
    public void Validate()
    {
        if (Concurrency is < 1 or > 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(Concurrency), Concurrency, "Concurrency must be 1..1024.");
        }

        if (BatchSize is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "BatchSize must be 1..1000.");
        }

        if (MaxParallelMarkets is < 1 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxParallelMarkets), MaxParallelMarkets, "MaxParallelMarkets must be 1..64.");
        }

        if (DiscoveryPagesPerSlice < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(DiscoveryPagesPerSlice), DiscoveryPagesPerSlice, "DiscoveryPagesPerSlice must be >= 1.");
        }

        if (BreakerThreshold < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(BreakerThreshold), BreakerThreshold, "BreakerThreshold must be >= 0.");
        }

        ArgumentNullException.ThrowIfNull(Exports);
        Exports.Validate();
    }
}
