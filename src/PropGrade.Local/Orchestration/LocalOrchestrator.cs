using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PropGrade.Core.Audit;
using PropGrade.Core.Exports;
using PropGrade.Core.Grading;
using PropGrade.Core.Runs;

namespace PropGrade.Local.Orchestration;

/// <summary>
/// Runs one run in-process, as a thin host of <see cref="RunLifecycle"/>: start (with the run's guard), discover each
/// market (its slices saved as they are read; a resume skips the markets already read), complete discovery, grade the
/// agents not yet saved in batches with bounded concurrency (the local twin of the Distributed Map: each batch commits
/// its raw group first, then its results), then finish, or fail with the reason. Executing an interrupted run again is
/// the resume: saved agents make no call, except those saved incomplete because the API failed them, which are graded
/// again from their stored pages first (<see cref="IncompleteRegrade"/>).
/// </summary>
public sealed class LocalOrchestrator
{
    private readonly IRunStore _runs;
    private readonly IRunWorkspace _workspace;
    private readonly TimeProvider _timeProvider;
    private readonly OrchestratorOptions _options;
    private readonly RunLifecycle _lifecycle;

    public LocalOrchestrator(IRunStore runs, IRunWorkspace workspace, IExportStore exports, TimeProvider timeProvider, OrchestratorOptions options, IRunGuard? guard = null, ILogger? logger = null)
    {
        _runs = runs ?? throw new ArgumentNullException(nameof(runs));
        _workspace = workspace ?? throw new ArgumentNullException(nameof(workspace));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _options.Validate();
        _lifecycle = new RunLifecycle(
            runs,
            workspace,
            exports,
            guard ?? NoRunGuard.Instance,
            timeProvider,
            new RunLifecycleOptions { BreakerThreshold = options.BreakerThreshold, Exports = options.Exports, Aggregation = options.Aggregation, ProfileCallPerAgent = options.ProfileCallPerAgent, AgentsIndex = options.AgentsIndex, PagesPerSlice = options.DiscoveryPagesPerSlice },
            logger ?? NullLogger.Instance);
    }

    /// <summary>
    /// Executes <paramref name="runId"/> to its end (a finished run is returned as it is). Throws
    /// <see cref="RunLeaseHeldException"/> or <see cref="ApiKeyLockedException"/> before any call when another executor
    /// holds the run or its key (a fresh run refused for its key ends REJECTED).
    /// </summary>
    public async Task<RunRecord> ExecuteAsync(string runId, RunExecution execution, IProgress<RunProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        var record = await _runs.GetAsync(runId, cancellationToken).ConfigureAwait(false)
            ?? throw new KeyNotFoundException($"Run '{runId}' does not exist.");
        if (record.Status is RunStatus.Succeeded or RunStatus.Rejected)
        {
            return record;
        }

        var start = await _lifecycle.StartAsync(
            runId,
            new RunStartOptions(RunStartOptions.Resumable, execution.ApiToday, RejectWhenLocked: record.Status == RunStatus.Queued),
            cancellationToken).ConfigureAwait(false);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, start.Hold.Lost);
        var session = new Session(runId, execution, progress, _timeProvider) { ProgressInterval = _options.ProgressInterval };
        try
        {
            var itemCount = start.ItemCount;
            if (itemCount is null)
            {
                // A graceful stop (Ctrl+C, SIGTERM) cuts discovery at once: a market's pages already read are kept, the
                // rest are read on resume.
                using var discovery = CancellationTokenSource.CreateLinkedTokenSource(stop.Token, execution.Stopping);
                itemCount = await DiscoverAsync(start, execution, session, discovery.Token).ConfigureAwait(false);
            }

            await GradeAsync(runId, start.Plan, itemCount.Value, execution, session, stop.Token).ConfigureAwait(false);

            // Stopped gracefully: every agent finished is saved, those in flight kept their state before their next page;
            // the run stays RUNNING for the resume.
            execution.Stopping.ThrowIfCancellationRequested();

            // A regrade's replay frees its caches before aggregation and says what the raw integrity check found.
            var integrity = (execution.Source as IRawReplayAudit)?.EndReplay()?.Summary();
            session.Report(RunPhases.Aggregating, force: true);
            var finished = await _lifecycle.FinishAsync(runId, new RunFinishOptions(integrity, session.WireCounters()), stop.Token).ConfigureAwait(false);
            session.Report(RunPhases.Finished, force: true);
            return finished;
        }
        catch (OperationCanceledException) when (start.Hold.Lost.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Another executor took the run over (this one's heartbeat came too late): leave the record to it.
            await _lifecycle.ReleaseAsync(runId).ConfigureAwait(false);
            var now = _timeProvider.GetUtcNow();
            throw new RunLeaseHeldException(runId, new Lease(LeaseNames.Run(runId), "?", "another executor (this one's lease expired before its heartbeat)", runId, now, now, now));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !(cancellationToken.IsCancellationRequested || execution.Stopping.IsCancellationRequested))
        {
            // Bad key, quota, run breaker, or anything unexpected: the run ends FAILED with the reason (and can be
            // resumed). A cancellation (the process being stopped) leaves it RUNNING.
            var failed = await _lifecycle.FailAsync(runId, ex, session.WireCounters(), CancellationToken.None).ConfigureAwait(false);
            session.Report(RunPhases.Finished, force: true);
            return failed!;
        }
        finally
        {
            if (cancellationToken.IsCancellationRequested || execution.Stopping.IsCancellationRequested)
            {
                await _lifecycle.ReleaseAsync(runId).ConfigureAwait(false);
            }
        }
    }

    private async Task<int> DiscoverAsync(RunStart start, RunExecution execution, Session session, CancellationToken cancellationToken)
    {
        var runId = start.Record.RunId;
        session.Report(RunPhases.Discovering, force: true);
        // A few markets at once, all through the one client and its limiter (so never above the rate); each market's
        // pages in order. A market read to its end in an earlier session is not read again.
        await Parallel.ForEachAsync(
            start.Markets,
            new ParallelOptions { MaxDegreeOfParallelism = _options.MaxParallelMarkets, CancellationToken = cancellationToken },
            async (market, ct) =>
            {
                while (!(await _lifecycle.DiscoverMarketAsync(runId, market, execution.Source, execution.RawStore, budget: null, hardStop: null, ct).ConfigureAwait(false)).Done)
                {
                }
            }).ConfigureAwait(false);
        var outcome = await _lifecycle.CompleteDiscoveryAsync(runId, execution.MakesApiCalls, cancellationToken).ConfigureAwait(false);
        session.AddCalls(outcome.Calls);
        return outcome.ItemCount;
    }

    private async Task GradeAsync(string runId, GradingPlan plan, int itemCount, RunExecution execution, Session session, CancellationToken cancellationToken)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        var again = new List<AgentResult>();
        await foreach (var result in _workspace.ReadResultsAsync(runId, cancellationToken).ConfigureAwait(false))
        {
            if (execution.MakesApiCalls && IncompleteAgentRetry.ShouldRegrade(result))
            {
                // Saved incomplete because the API failed it: graded again, from its stored pages first.
                again.Add(result);
                continue;
            }

            done.Add(result.AdvertiserId);
            session.CountSaved(result);
        }

        using var regrade = await IncompleteRegrade.StartAsync(_runs, runId, again, execution, cancellationToken).ConfigureAwait(false);
        try
        {
            await GradePendingAsync(runId, plan, itemCount, done, regrade, execution, session, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (regrade is not null)
            {
                await regrade.SettleAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task GradePendingAsync(string runId, GradingPlan plan, int itemCount, HashSet<string> done, IncompleteRegrade? regrade, RunExecution execution, Session session, CancellationToken cancellationToken)
    {
        session.Total = itemCount;
        var source = regrade?.Source ?? execution.Source;
        // The items are read from the workspace a chunk at a time as batches are taken (never all held): the agents not
        // yet saved (or saved incomplete because the API failed them), in discovery order, cut into batches.
        var batches = _workspace.ReadItemsAsync(runId, cancellationToken)
            .Where(i => !done.Contains(i.AdvertiserId))
            .Chunk(_options.BatchSize)
            .Select((agents, index) => (agents, index));
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
        // The breaker protects API quota; a replay makes no call (a damaged raw segment must not fail a regrade).
        var breaker = _options.BreakerThreshold > 0 && execution.MakesApiCalls ? new ConsecutiveFailureBreaker(_options.BreakerThreshold) : null;
        var work = new BatchWork { InFlight = 1, MakesApiCalls = execution.MakesApiCalls, Stopping = execution.Stopping };
        session.Report(RunPhases.Grading, force: true);
        await Parallel.ForEachAsync(
            batches,
            new ParallelOptions { MaxDegreeOfParallelism = _options.Concurrency, CancellationToken = cancellationToken },
            async (batch, ct) =>
            {
                // A tripped breaker starts no further batch; batches in flight start no further agent.
                if (breaker?.IsTripped == true || execution.Stopping.IsCancellationRequested)
                {
                    return;
                }

                await _lifecycle.GradeBatchAsync(
                    runId,
                    plan,
                    $"agents-{nonce}-{batch.index:D6}",
                    batch.agents,
                    source,
                    execution.RawStore,
                    work,
                    breaker,
                    saved =>
                    {
                        regrade?.Saved(saved);
                        foreach (var result in saved)
                        {
                            session.CountNew(result);
                        }

                        session.Report(RunPhases.Grading, force: false);
                    },
                    ct).ConfigureAwait(false);
            }).ConfigureAwait(false);
        if (breaker is { IsTripped: true })
        {
            throw new RunBreakerOpenException(breaker.ConsecutiveFailures, breaker.Reason!);
        }
    }

    /// <summary>Progress bookkeeping of one execution.</summary>
    private sealed class Session(string runId, RunExecution execution, IProgress<RunProgress>? progress, TimeProvider timeProvider)
    {
        private readonly object _gate = new();
        private readonly long _started = timeProvider.GetTimestamp();
        private readonly SourceMetrics _wireAtStart = execution.Metrics?.Invoke() ?? SourceMetrics.Zero;
        private int _done;
        private int _newDone;
        private int _incomplete;
        private int _skipped;
        private long _calls;
        private long _lastReport = long.MinValue;

        public int Total { get; set; }

        public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromMilliseconds(250);

        public SourceMetrics Wire() => (execution.Metrics?.Invoke() ?? SourceMetrics.Zero).Minus(_wireAtStart);

        /// <summary>The 429s and retries the client counted this session, for the run record.</summary>
        public RunCounters WireCounters()
        {
            var wire = Wire();
            return new RunCounters(Throttled: wire.Throttled, Retries: wire.Retries);
        }

        public void AddCalls(long calls) => Interlocked.Add(ref _calls, calls);

        public void CountSaved(AgentResult result)
        {
            _done++;
            _incomplete += result.Complete ? 0 : 1;
            _skipped += result.Skipped ? 1 : 0;
        }

        public void CountNew(AgentResult result)
        {
            lock (_gate)
            {
                CountSaved(result);
                _newDone++;
                _calls += execution.MakesApiCalls ? result.Calls : 0;
            }
        }

        public void Report(string phase, bool force)
        {
            if (progress is null)
            {
                return;
            }

            RunProgress snapshot;
            lock (_gate)
            {
                var now = timeProvider.GetTimestamp();
                if (!force && _lastReport != long.MinValue && timeProvider.GetElapsedTime(_lastReport, now) < ProgressInterval)
                {
                    return;
                }

                _lastReport = now;
                var elapsed = timeProvider.GetElapsedTime(_started, now);
                TimeSpan? eta = _newDone > 0 && Total > _done
                    ? TimeSpan.FromSeconds(elapsed.TotalSeconds / _newDone * (Total - _done))
                    : null;
                var wire = Wire();
                snapshot = new RunProgress(runId, phase, Total, _done, _incomplete, _skipped, wire.Requests > 0 ? wire.Requests : _calls, wire.Throttled, elapsed, eta);
            }

            progress.Report(snapshot);
        }
    }
}
