using PropGrade.Core.Grading;
using PropGrade.Core.Listings;
using PropGrade.Core.Runs;
using PropGrade.ListingApi;

namespace PropGrade.Local.Orchestration;

/// <summary>
/// A resume's second look at the agents its run saved incomplete because the API failed them
/// (<see cref="IncompleteAgentRetry.ShouldRegrade"/>; docs/pipeline.md, "Resuming a PARTIAL or FAILED run"): their
/// saved results are withdrawn from the run's agent counters (the new results add them back, so nothing is counted
/// twice), and they are graded again through a <see cref="StoredFirstListingSource"/> over the run's own raw store,
/// so only the pages not stored successfully are asked of the API. The pipeline counts a replayed page as a call; as
/// agents are saved their replayed requests are taken off the run's <c>apiCalls</c> again (<see cref="SettleAsync"/>),
/// so every request made is counted once. The replay index is built before grading starts (before this execution
/// commits raw groups of its own).
/// </summary>
internal sealed class IncompleteRegrade : IDisposable
{
    private readonly IRunStore _runs;
    private readonly string _runId;
    private readonly RawReplaySource? _replay;
    private readonly StoredFirstListingSource? _storedFirst;
    private readonly Lock _gate = new();
    private long _replayedSaved;

    private IncompleteRegrade(IRunStore runs, string runId, IReadOnlyList<AgentResult> agents, IListingSource source, RawReplaySource? replay, StoredFirstListingSource? storedFirst)
    {
        _runs = runs;
        _runId = runId;
        Agents = agents;
        Source = source;
        _replay = replay;
        _storedFirst = storedFirst;
    }

    /// <summary>The saved results graded again.</summary>
    public IReadOnlyList<AgentResult> Agents { get; }

    /// <summary>What this execution grades with: stored pages first, then the live source.</summary>
    public IListingSource Source { get; }

    /// <summary>
    /// Null when <paramref name="execution"/> makes no API call (a regrade's replay) or no saved agent is to be graded
    /// again; otherwise withdraws <paramref name="agents"/> from the run's agent counters and prepares the source.
    /// </summary>
    public static async Task<IncompleteRegrade?> StartAsync(IRunStore runs, string runId, IReadOnlyList<AgentResult> agents, RunExecution execution, CancellationToken cancellationToken)
    {
        if (!execution.MakesApiCalls || agents.Count == 0)
        {
            return null;
        }

        RawReplaySource? replay = null;
        StoredFirstListingSource? storedFirst = null;
        if (execution.RawStore is { } raw)
        {
            replay = new RawReplaySource(raw, runId);
            try
            {
                // Built now, from what earlier executions stored (this one's groups are not needed: it asks nothing twice).
                await replay.CountAnswersAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                replay.Dispose();
                throw;
            }

            storedFirst = new StoredFirstListingSource(replay, execution.Source);
        }

        await runs.AddCountersAsync(runId, new RunCounters(
            AgentsProfiled: -agents.Count(a => a.Profiled),
            AgentsDone: -agents.Count,
            AgentsIncomplete: -agents.Count,
            AgentsSkipped: -agents.Count(a => a.Skipped)), cancellationToken).ConfigureAwait(false);
        return new IncompleteRegrade(runs, runId, agents, (IListingSource?)storedFirst ?? execution.Source, replay, storedFirst);
    }

    /// <summary>Agents saved by a checkpoint: their replayed requests are to come off the run's call count.</summary>
    public void Saved(IReadOnlyList<AgentResult> results)
    {
        if (_storedFirst is null)
        {
            return;
        }

        var replayed = results.Sum(r => (long)_storedFirst.TakeReplayed(r.AdvertiserId));
        lock (_gate)
        {
            _replayedSaved += replayed;
        }
    }

    /// <summary>Takes the saved agents' replayed requests off the run's <c>apiCalls</c> (idempotent per agent saved).</summary>
    public async Task SettleAsync()
    {
        long replayed;
        lock (_gate)
        {
            replayed = _replayedSaved;
            _replayedSaved = 0;
        }

        if (replayed > 0)
        {
            await _runs.AddCountersAsync(_runId, new RunCounters(ApiCalls: -replayed), CancellationToken.None).ConfigureAwait(false);
        }
    }

    public void Dispose() => _replay?.Dispose();
}
