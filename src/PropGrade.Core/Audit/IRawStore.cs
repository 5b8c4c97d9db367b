namespace PropGrade.Core.Audit;

/// <summary>
/// The audit trail of every HTTP attempt, per run. Local: append-only compressed files under
/// <c>runs/{runId}/raw/</c>; AWS: S3 objects under the same keys. Groups keep the object count low.
/// </summary>
public interface IRawStore
{
    /// <summary>Starts a group; nothing is visible to readers until it is committed.</summary>
    IRawGroupWriter OpenGroup(string runId, string groupKey);

    /// <summary>Every committed exchange of the run, in commit order within a group.</summary>
    IAsyncEnumerable<RawExchange> ReadAsync(string runId, CancellationToken cancellationToken);
}
