using Microsoft.Extensions.Logging;
using PropGrade.Core.Audit;
using PropGrade.Core.Grading;
using PropGrade.Core.Listings;
using PropGrade.Core.Stages;

namespace PropGrade.Core.Runs;

/// <summary>
/// One call's work on a batch (<see cref="RunLifecycle.GradeBatchAsync"/>): the agents not yet saved, from their saved
/// state, <see cref="BatchWork.InFlight"/> at a time, until the batch is done or the budget ends; every checkpoint
/// commits the raw group first, then the results, then the batch's progress, then the counters and the breaker streak.
/// </summary>
internal sealed class BatchGrader : IDisposable
{
    private readonly IRunStore _runs;
    private readonly IRunWorkspace _workspace;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly int _breakerThreshold;
    private readonly string _runId;
    private readonly GradingPlan _plan;
    private readonly IReadOnlyList<AgentWorkItem> _items;
    private readonly IListingSource _source;
    private readonly BatchWork _work;
    private readonly ConsecutiveFailureBreaker? _breaker;
    private readonly Action<IReadOnlyList<AgentResult>>? _onSaved;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _commitGate = new(1, 1);
    private readonly HashSet<string> _doneIds;
    private readonly Dictionary<string, AgentState> _partial;
    private readonly List<AgentResult> _finished = [];
    private readonly long _started;
    private BatchProgress _progress;
    private int _streakFailures;
    private bool _streakAfterSuccess;
    private int _finishedTotal;
    private int _stopped;
    private int _incomplete;
    private long _calls;
    private bool _storedBreakerOpen;
    private int _storedStreak;

    public BatchGrader(
        RunLifecycle.Stores stores,
        string runId,
        GradingPlan plan,
        BatchProgress progress,
        IReadOnlyList<AgentWorkItem> items,
        IListingSource source,
        BatchWork work,
        ConsecutiveFailureBreaker? breaker,
        Action<IReadOnlyList<AgentResult>>? onSaved)
    {
        _runs = stores.Runs;
        _workspace = stores.Workspace;
        _time = stores.Time;
        _logger = stores.Logger;
        _breakerThreshold = work.MakesApiCalls ? stores.BreakerThreshold : 0;
        _runId = runId;
        _plan = plan;
        _progress = progress;
        _items = items;
        _source = source;
        _work = work;
        _breaker = work.MakesApiCalls ? breaker : null;
        _onSaved = onSaved;
        _doneIds = new HashSet<string>(progress.DoneIds, StringComparer.Ordinal);
        _partial = progress.Partial.ToDictionary(a => a.Item.AdvertiserId, StringComparer.Ordinal);
        _started = _time.GetTimestamp();
    }

    private bool SoftDeadlinePassed => _work.Budget is { } budget && _time.GetElapsedTime(_started) >= budget;

    /// <summary>No further agent is started: the budget has passed or a graceful stop was asked for (agents in flight finish).</summary>
    private bool StopStarting => SoftDeadlinePassed || _work.Stopping.IsCancellationRequested;

    private bool BreakerOpen => _breaker?.IsTripped == true || Volatile.Read(ref _storedBreakerOpen);

    public async Task<BatchOutcome> RunAsync(IRawStore? rawStore, CancellationToken cancellationToken)
    {
        if (_breakerThreshold > 0)
        {
            // Other workers may have opened the run's breaker since this batch last ran: then start no agent at all.
            var streak = await _runs.RecordFailureStreakAsync(_runId, new BreakerStreak(0, AfterSuccess: false), cancellationToken).ConfigureAwait(false);
            if (streak >= _breakerThreshold)
            {
                _storedStreak = streak;
                Volatile.Write(ref _storedBreakerOpen, true);
            }
        }

        var pending = _items
            .Where(i => !_doneIds.Contains(i.AdvertiserId))
            .Select(i => _partial.GetValueOrDefault(i.AdvertiserId) ?? AgentState.Start(i))
            .ToList();
        using var hardStop = _work.HardStop is { } hard ? new CancellationTokenSource(hard, _time) : new CancellationTokenSource();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, hardStop.Token);
        using var slots = new SemaphoreSlim(_work.InFlight, _work.InFlight);
        var groups = new CheckpointGroups(rawStore, _runId, _progress.BatchKey, _progress.Checkpoint);
        var notStarted = 0;
        ExceptionHolder fatal = new();
        await using (groups.ConfigureAwait(false))
        {
            var agents = new List<Task>();
            foreach (var agent in pending)
            {
                if (StopStarting || BreakerOpen || fatal.Exception is not null || stop.IsCancellationRequested)
                {
                    notStarted++;
                    continue;
                }

                try
                {
                    await slots.WaitAsync(stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    notStarted++;
                    continue;
                }

                if (StopStarting || BreakerOpen || fatal.Exception is not null)
                {
                    slots.Release();
                    notStarted++;
                    continue;
                }

                agents.Add(GradeOneAsync(agent, groups, slots, stop, fatal, cancellationToken));
            }

            await Task.WhenAll(agents).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();

            // The last checkpoint of this call: whatever finished or stopped since the previous one (the raw group is
            // committed even when nothing finished: every exchange made is kept for the audit).
            await CheckpointAsync(groups, last: true, CancellationToken.None).ConfigureAwait(false);
        }

        if (fatal.Exception is { } stopping)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(stopping).Throw();
        }

        if (BreakerOpen)
        {
            var reason = _breaker?.Reason ?? BreakerReason(_storedStreak);
            RunLog.BreakerOpened(_logger, reason);
            throw new RunBreakerOpenException(Math.Max(_breaker?.ConsecutiveFailures ?? 0, _storedStreak), reason);
        }

        return new BatchOutcome(_progress, _finishedTotal, _stopped, notStarted, _calls, _incomplete);
    }

    public void Dispose() => _commitGate.Dispose();

    /// <summary>The breaker's reason when the streak came from other workers' reports (the run record).</summary>
    internal static string BreakerReason(int streak) =>
        $"Stopped: {streak} agents in a row could not be read (across the run's workers). " +
        "The listing API looks unavailable; try the run again later (it resumes where it stopped).";

    /// <summary>An agent that ended incomplete because the API failed it (not a depth cap, missing raw data or a missing MLS id).</summary>
    internal static bool IsApiFailure(AgentResult result) =>
        !result.Complete && result.StopReason is not (StopReasons.DepthCap or StopReasons.NoRawData or StopReasons.NoMlsId);

    private async Task GradeOneAsync(AgentState before, CheckpointGroups groups, SemaphoreSlim slots, CancellationTokenSource stop, ExceptionHolder fatal, CancellationToken cancellationToken)
    {
        var id = before.Item.AdvertiserId;
        using var scope = RunLog.Scope(_logger, _runId, _progress.BatchKey, id);
        try
        {
            var context = new FetchContext(_runId, ProfileStage.Name, id, groups);
            // Between pages an agent yields only to the time budget (never to the breaker: an agent in flight finishes).
            Func<bool>? yieldBeforePage = _work.Budget is null ? null : () => SoftDeadlinePassed;
            var after = await AgentPipeline.RunAsync(before, _plan, _source, context, yieldBeforePage, stop.Token).ConfigureAwait(false);
            bool checkpointDue;
            lock (_gate)
            {
                if (after.IsDone)
                {
                    var result = after.ToResult(_plan);
                    _finished.Add(result);
                    _partial.Remove(id);
                    Track(result);
                }
                else
                {
                    _partial[id] = after;
                    _stopped++;
                }

                checkpointDue = _finished.Count >= _work.CheckpointAgents;
            }

            if (checkpointDue)
            {
                await CheckpointAsync(groups, last: false, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Cut at the hard deadline (or because another agent stopped the run): the agent keeps its last saved state.
            RunLog.AgentCut(_logger);
        }
        catch (ListingApiException ex) when (ex.StopsRun)
        {
            RunLog.AgentStoppedRun(_logger, ex.Reason, ex);
            fatal.Set(ex);
            await stop.CancelAsync().ConfigureAwait(false);
        }
        finally
        {
            slots.Release();
        }
    }

    /// <summary>Counts a finished agent for the breaker (completion order) and this call's figures. Under <see cref="_gate"/>.</summary>
    private void Track(AgentResult result)
    {
        _finishedTotal++;
        _calls += _work.MakesApiCalls ? result.Calls : 0;
        if (!result.Complete)
        {
            _incomplete++;
            RunLog.AgentIncomplete(_logger, result.StopReason);
        }

        if (result.Calls == 0 && !IsApiFailure(result))
        {
            // An agent that needed no call (skipped from its list entry) says nothing about the API: it neither ends
            // nor grows the breaker's streak, so a storm is seen through the agents that do call.
        }
        else if (!IsApiFailure(result))
        {
            _breaker?.RecordSuccess();
            _streakAfterSuccess = true;
            _streakFailures = 0;
        }
        else
        {
            _breaker?.RecordFailure(result.StopReason);
            _streakFailures++;
        }
    }

    private async Task CheckpointAsync(CheckpointGroups groups, bool last, CancellationToken cancellationToken)
    {
        await _commitGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            List<AgentResult> results;
            BreakerStreak streak;
            BatchProgress progress;
            IRawGroupWriter? group;
            int number;
            lock (_gate)
            {
                if (!last && _finished.Count < _work.CheckpointAgents)
                {
                    return;
                }

                // Taken together under the lock: every agent in this checkpoint finished before its group is swapped
                // out, so its exchanges are all in the group committed below (or an earlier one).
                results = [.. _finished];
                _finished.Clear();
                foreach (var result in results)
                {
                    _doneIds.Add(result.AdvertiserId);
                }

                streak = new BreakerStreak(_streakFailures, _streakAfterSuccess);
                _streakFailures = 0;
                _streakAfterSuccess = false;
                (group, number) = groups.Next(openAnother: !last);
                var done = _items.All(i => _doneIds.Contains(i.AdvertiserId));
                progress = _progress with
                {
                    Checkpoint = number + 1,
                    DoneIds = [.. _items.Select(i => i.AdvertiserId).Where(_doneIds.Contains)],
                    Partial = [.. _items.Where(i => _partial.ContainsKey(i.AdvertiserId)).Select(i => _partial[i.AdvertiserId])],
                    Done = done,
                };
            }

            if (group is not null)
            {
                await using (group.ConfigureAwait(false))
                {
                    await group.CommitAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            if (results.Count > 0)
            {
                await _workspace.SaveResultsAsync(_runId, CheckpointGroups.Key(_progress.BatchKey, number), results, cancellationToken).ConfigureAwait(false);
            }

            await _workspace.SaveBatchProgressAsync(_runId, progress, cancellationToken).ConfigureAwait(false);
            _progress = progress;
            if (results.Count > 0)
            {
                await _runs.AddCountersAsync(_runId, new RunCounters(
                    AgentsProfiled: results.Count(r => r.Profiled),
                    AgentsDone: results.Count,
                    AgentsIncomplete: results.Count(r => !r.Complete),
                    AgentsSkipped: results.Count(r => r.Skipped),
                    ApiCalls: _work.MakesApiCalls ? results.Sum(r => (long)r.Calls) : 0), cancellationToken).ConfigureAwait(false);
            }

            if (_breakerThreshold > 0 && !streak.IsEmpty)
            {
                var count = await _runs.RecordFailureStreakAsync(_runId, streak, cancellationToken).ConfigureAwait(false);
                if (count >= _breakerThreshold)
                {
                    _storedStreak = count;
                    Volatile.Write(ref _storedBreakerOpen, true);
                }
            }

            RunLog.Checkpoint(_logger, number, results.Count, results.Count(r => !r.Complete), progress.Partial.Count);
            _onSaved?.Invoke(results);
        }
        finally
        {
            _commitGate.Release();
        }
    }

    /// <summary>The first run-stopping failure an agent met.</summary>
    private sealed class ExceptionHolder
    {
        private Exception? _exception;

        public Exception? Exception => Volatile.Read(ref _exception);

        public void Set(Exception exception) => Interlocked.CompareExchange(ref _exception, exception, null);
    }
}
