using PropGrade.Core.Grading;

namespace PropGrade.Core.Runs;

/// <summary>
/// A run's working data: the discovered items (the Distributed Map's <c>items.json</c> on AWS) and the agent
/// results as they finish (what resume skips and what aggregation reads). SQLite locally, S3 on AWS.
/// </summary>
public interface IRunWorkspace
{
    Task SaveItemsAsync(string runId, IReadOnlyList<AgentWorkItem> items, CancellationToken cancellationToken);

    /// <summary>Null when discovery has not finished for this run.</summary>
    Task<IReadOnlyList<AgentWorkItem>?> ReadItemsAsync(string runId, CancellationToken cancellationToken);

    /// <summary>Stores finished agents. Idempotent per advertiser id: a retried batch overwrites, never duplicates.</summary>
    Task SaveResultsAsync(string runId, string batchKey, IReadOnlyList<AgentResult> results, CancellationToken cancellationToken);

    IAsyncEnumerable<AgentResult> ReadResultsAsync(string runId, CancellationToken cancellationToken);
}
