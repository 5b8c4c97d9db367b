using PropGrade.Core.Grading;
using PropGrade.Core.Stages;

namespace PropGrade.Core.Runs;

/// <summary>
/// A run's working data: the discovered items (the Distributed Map's <c>items.json</c> on AWS), the agent results as they
/// finish (what resume skips and what aggregation reads), and the progress of time-budgeted work (discovery slices,
/// batch checkpoints). SQLite locally, S3 on AWS.
/// </summary>
public interface IRunWorkspace
{
    /// <summary>
    /// Saves the run's items as <paramref name="items"/> yields them, written in chunks as they come (never all held at
    /// once), in that order; returns how many were saved. They count as saved (<see cref="CountItemsAsync"/>,
    /// <see cref="ReadItemsAsync"/>) only once the last is written. Idempotent: saving again replaces the run's items,
    /// never adds to them (a retried discovery completion duplicates nothing).
    /// </summary>
    Task<int> SaveItemsAsync(string runId, IAsyncEnumerable<AgentWorkItem> items, CancellationToken cancellationToken);

    /// <summary>How many items the run's discovery saved; null when discovery has not finished for this run.</summary>
    Task<int?> CountItemsAsync(string runId, CancellationToken cancellationToken);

    /// <summary>The run's saved items in the order they were saved, read a chunk at a time (none when not saved).</summary>
    IAsyncEnumerable<AgentWorkItem> ReadItemsAsync(string runId, CancellationToken cancellationToken);

    /// <summary>Stores finished agents. Idempotent per advertiser id: a retried batch overwrites, never duplicates.</summary>
    Task SaveResultsAsync(string runId, string batchKey, IReadOnlyList<AgentResult> results, CancellationToken cancellationToken);

    IAsyncEnumerable<AgentResult> ReadResultsAsync(string runId, CancellationToken cancellationToken);

    /// <summary>Stores one discovery slice of a market (its pages, as they were read). Idempotent per (market, offset).</summary>
    Task SaveMarketSliceAsync(string runId, MarketSlice slice, CancellationToken cancellationToken);

    /// <summary>The market's saved slices, in offset order (empty when none).</summary>
    Task<IReadOnlyList<MarketSlice>> ReadMarketSlicesAsync(string runId, string market, CancellationToken cancellationToken);

    /// <summary>
    /// The market's saved slice with the highest offset (where its discovery goes on, or that it is done); null when none
    /// is saved. Reads that one slice only, so continuing a market costs the same however many slices it has.
    /// </summary>
    Task<MarketSlice?> ReadLastMarketSliceAsync(string runId, string market, CancellationToken cancellationToken);

    /// <summary>Stores a batch's progress (replacing the previous one).</summary>
    Task SaveBatchProgressAsync(string runId, BatchProgress progress, CancellationToken cancellationToken);

    /// <summary>The batch's saved progress; null when nothing was saved for it.</summary>
    Task<BatchProgress?> ReadBatchProgressAsync(string runId, string batchKey, CancellationToken cancellationToken);
}
