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
    Task SaveItemsAsync(string runId, IReadOnlyList<AgentWorkItem> items, CancellationToken cancellationToken);

    /// <summary>Null when discovery has not finished for this run.</summary>
    Task<IReadOnlyList<AgentWorkItem>?> ReadItemsAsync(string runId, CancellationToken cancellationToken);

    /// <summary>Stores finished agents. Idempotent per advertiser id: a retried batch overwrites, never duplicates.</summary>
    Task SaveResultsAsync(string runId, string batchKey, IReadOnlyList<AgentResult> results, CancellationToken cancellationToken);

    IAsyncEnumerable<AgentResult> ReadResultsAsync(string runId, CancellationToken cancellationToken);

    /// <summary>Stores one discovery slice of a market (its pages, as they were read). Idempotent per (market, offset).</summary>
    Task SaveMarketSliceAsync(string runId, MarketSlice slice, CancellationToken cancellationToken);

    /// <summary>The market's saved slices, in offset order (empty when none).</summary>
    Task<IReadOnlyList<MarketSlice>> ReadMarketSlicesAsync(string runId, string market, CancellationToken cancellationToken);

    /// <summary>Stores a batch's progress (replacing the previous one).</summary>
    Task SaveBatchProgressAsync(string runId, BatchProgress progress, CancellationToken cancellationToken);

    /// <summary>The batch's saved progress; null when nothing was saved for it.</summary>
    Task<BatchProgress?> ReadBatchProgressAsync(string runId, string batchKey, CancellationToken cancellationToken);
}
