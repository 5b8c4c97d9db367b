using PropGrade.Core.Audit;
using PropGrade.Core.Listings;

namespace PropGrade.Local.Orchestration;

/// <summary>What one execution of a run talks to: the listing source, where raw exchanges go, the API's today.</summary>
/// <param name="Source">The live client, or the replay source for a regrade.</param>
/// <param name="ApiToday">The source's "today" (used when the run record has none yet).</param>
/// <param name="RawStore">Where raw exchanges are committed; null to keep none (a regrade keeps none: it makes no call).</param>
/// <param name="Metrics">The source's wire counters, when it has them.</param>
/// <param name="MakesApiCalls">False for a replay source: the run record then counts no API calls.</param>
public sealed record RunExecution(IListingSource Source, DateOnly ApiToday, IRawStore? RawStore, Func<SourceMetrics>? Metrics, bool MakesApiCalls = true)
{
    /// <summary>
    /// A graceful stop (Ctrl+C, SIGTERM): once cancelled, discovery is cut at once, no batch starts another agent, the
    /// agents in flight finish and are saved with their raw group, and the execution ends with an
    /// <see cref="OperationCanceledException"/> leaving the run RUNNING and resumable. The execution's cancellation
    /// token is the hard stop (calls in flight cancelled; their agents are graded again on resume). Default: none.
    /// </summary>
    public CancellationToken Stopping { get; init; }
}
