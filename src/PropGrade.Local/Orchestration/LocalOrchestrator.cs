using System.Security.Cryptography;
using PropGrade.Core.Audit;
using PropGrade.Core.Exports;
using PropGrade.Core.Grading;
using PropGrade.Core.Listings;
using PropGrade.Core.Runs;
using PropGrade.Core.Stages;

namespace PropGrade.Local.Orchestration;

/// <summary>
/// Runs one run in-process: discover (once; the items are saved), grade the agents not yet saved in batches with
/// bounded concurrency (each batch: raw group committed first, then its results saved), aggregate, write the
/// exports and finish the record. Executing an interrupted run again is the resume: saved agents make no call.
/// </summary>
public sealed class LocalOrchestrator(IRunStore runs, IRunWorkspace workspace, IExportStore exports, TimeProvider timeProvider, OrchestratorOptions options)
{
    private static readonly RunStatus[] Startable = [RunStatus.Queued, RunStatus.Running, RunStatus.Failed, RunStatus.Partial];

    public async Task<RunRecord> ExecuteAsync(string runId, RunExecution execution, IProgress<RunProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        var record = await runs.GetAsync(runId, cancellationToken).ConfigureAwait(false)
            ?? throw new KeyNotFoundException($"Run '{runId}' does not exist.");
        if (record.Status is RunStatus.Succeeded or RunStatus.Rejected)
        {
            return record;
        }

        if (!await runs.TryStartAsync(runId, Startable, timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"Run '{runId}' could not be started from status {record.Status}.");
        }

        var plan = GradingPlan.From(record.Request, record.ApiToday ?? execution.ApiToday);
        var session = new Session(runId, execution, progress, timeProvider) { ProgressInterval = options.ProgressInterval };
        try
        {
            IReadOnlyList<AgentWorkItem> items;
            using (var discovery = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, execution.Stopping))
            {
                // A stop cuts discovery at once (its pages are read again on resume).
                items = await DiscoverAsync(record, execution, session, discovery.Token).ConfigureAwait(false);
            }

            await GradeAsync(runId, plan, items, execution, session, cancellationToken).ConfigureAwait(false);

            // Stopped gracefully: every agent that finished is saved; the run stays RUNNING for the resume.
            execution.Stopping.ThrowIfCancellationRequested();

            // A regrade's replay frees its caches before aggregation and says what the raw integrity check found.
            session.RawIntegrity = (execution.Source as IRawReplayAudit)?.EndReplay()?.Summary();
            session.Report(RunPhases.Aggregating, force: true);
            var discovered = (await runs.GetAsync(runId, cancellationToken).ConfigureAwait(false))!;
            var finished = await AggregateAsync(discovered, plan, items, session, cancellationToken).ConfigureAwait(false);
            session.Report(RunPhases.Finished, force: true);
            return finished;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !(cancellationToken.IsCancellationRequested || execution.Stopping.IsCancellationRequested))
        {
            // Bad key, quota, run breaker, an undiscoverable market, or anything unexpected: the run ends FAILED with
            // the reason (and can be resumed). A cancellation (the process being stopped) leaves it RUNNING.
            await AddWireCountersAsync(runId, session, CancellationToken.None).ConfigureAwait(false);
            var error = ex switch
            {
                ListingApiException api => $"{api.GetType().Name} ({api.Reason}): {api.Message}",
                RunBreakerOpenException => ex.Message,
                _ => $"{ex.GetType().Name}: {ex.Message}",
            };
            await runs.FinishAsync(runId, new RunOutcome(RunStatus.Failed, timeProvider.GetUtcNow(), new Dictionary<string, int>(), [], error), CancellationToken.None).ConfigureAwait(false);
            session.Report(RunPhases.Finished, force: true);
            return (await runs.GetAsync(runId, CancellationToken.None).ConfigureAwait(false))!;
        }
    }

    private async Task<IReadOnlyList<AgentWorkItem>> DiscoverAsync(RunRecord record, RunExecution execution, Session session, CancellationToken cancellationToken)
    {
        var items = await workspace.ReadItemsAsync(record.RunId, cancellationToken).ConfigureAwait(false);
        if (items is not null)
        {
            return items;
        }

        session.Report(RunPhases.Discovering, force: true);
        var discovery = await new DiscoveryService(execution.Source, execution.RawStore).DiscoverAsync(record.RunId, record.Request, cancellationToken).ConfigureAwait(false);
        var discoveredItems = discovery.Items;
        if (options.ProfileCallPerAgent)
        {
            // The revision-1 strategy (benchmarks only): forget the discovery entries, so stage 1 calls get-profile for every agent.
            discoveredItems = [.. discoveredItems.Select(i => i with { Profile = null, NrdsId = i.NrdsId ?? i.Profile?.Contact.NrdsId })];
        }

        if (record.Request.Roster is null)
        {
            await runs.RecordMarketsAsync(record.RunId, discovery.Markets, cancellationToken).ConfigureAwait(false);
        }

        await workspace.SaveItemsAsync(record.RunId, discoveredItems, cancellationToken).ConfigureAwait(false);
        await runs.AddCountersAsync(record.RunId, new RunCounters(AgentsDiscovered: discovery.Items.Count, ApiCalls: execution.MakesApiCalls ? discovery.Calls : 0), cancellationToken).ConfigureAwait(false);
        session.AddCalls(discovery.Calls);
        return discoveredItems;
    }

    private async Task GradeAsync(string runId, GradingPlan plan, IReadOnlyList<AgentWorkItem> items, RunExecution execution, Session session, CancellationToken cancellationToken)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var result in workspace.ReadResultsAsync(runId, cancellationToken).ConfigureAwait(false))
        {
            done.Add(result.AdvertiserId);
            session.CountSaved(result);
        }

        session.Total = items.Count;
        var pending = items.Where(i => !done.Contains(i.AdvertiserId)).ToList();
        var batches = pending.Chunk(options.BatchSize).Select((agents, index) => (agents, index)).ToList();
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
        using var breaker = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // The breaker protects API quota; a replay makes no call (a damaged raw segment must not fail a regrade).
        var failures = options.BreakerThreshold > 0 && execution.MakesApiCalls ? new ConsecutiveFailureBreaker(options.BreakerThreshold) : null;
        session.Report(RunPhases.Grading, force: true);
        try
        {
            await Parallel.ForEachAsync(
                batches,
                new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = breaker.Token },
                async (batch, ct) =>
                {
                    if (execution.Stopping.IsCancellationRequested)
                    {
                        return;
                    }

                    var batchKey = $"agents-{nonce}-{batch.index:D6}";
                    var group = execution.RawStore?.OpenGroup(runId, batchKey);
                    await using (group)
                    {
                        var recorder = (IRawRecorder?)group ?? NullRawRecorder.Instance;
                        var results = new List<AgentResult>(batch.agents.Length);
                        foreach (var item in batch.agents)
                        {
                            // A tripped breaker stops in-flight batches too, before their next agent makes a call;
                            // their agents were not saved, so a resume grades them.
                            if (failures?.IsTripped == true)
                            {
                                throw new OperationCanceledException(breaker.Token);
                            }

                            ct.ThrowIfCancellationRequested();
                            if (execution.Stopping.IsCancellationRequested)
                            {
                                // A graceful stop: no new agent; the ones finished are committed and saved below.
                                break;
                            }

                            var context = new FetchContext(runId, ProfileStage.Name, item.AdvertiserId, recorder);
                            var result = await AgentPipeline.GradeAsync(item, plan, execution.Source, context, ct).ConfigureAwait(false);
                            results.Add(result);
                            if (!IsApiFailure(result))
                            {
                                failures?.RecordSuccess();
                            }
                            else if (failures?.RecordFailure(result.StopReason) == true)
                            {
                                await breaker.CancelAsync().ConfigureAwait(false);
                            }
                        }

                        if (results.Count == 0)
                        {
                            return;
                        }

                        if (group is not null)
                        {
                            await group.CommitAsync(ct).ConfigureAwait(false);
                        }

                        await workspace.SaveResultsAsync(runId, batchKey, results, ct).ConfigureAwait(false);
                        var delta = new RunCounters(
                            AgentsProfiled: results.Count(r => r.Profiled),
                            AgentsDone: results.Count,
                            AgentsIncomplete: results.Count(r => !r.Complete),
                            AgentsSkipped: results.Count(r => r.Skipped),
                            ApiCalls: execution.MakesApiCalls ? results.Sum(r => (long)r.Calls) : 0);
                        await runs.AddCountersAsync(runId, delta, ct).ConfigureAwait(false);
                        foreach (var result in results)
                        {
                            session.CountNew(result);
                        }

                        session.Report(RunPhases.Grading, force: false);
                    }
                }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (breaker.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new RunBreakerOpenException(failures?.ConsecutiveFailures ?? 0, failures?.Reason ?? "breaker");
        }
    }

    private static bool IsApiFailure(AgentResult result) =>
        !result.Complete && result.StopReason is not (StopReasons.DepthCap or StopReasons.NoRawData or StopReasons.NoMlsId);

    private async Task<RunRecord> AggregateAsync(RunRecord record, GradingPlan plan, IReadOnlyList<AgentWorkItem> items, Session session, CancellationToken cancellationToken)
    {
        var wanted = items.Select(i => i.AdvertiserId).ToHashSet(StringComparer.Ordinal);
        var results = new List<AgentResult>(items.Count);
        await foreach (var result in workspace.ReadResultsAsync(record.RunId, cancellationToken).ConfigureAwait(false))
        {
            if (wanted.Contains(result.AdvertiserId))
            {
                results.Add(result);
            }
        }

        var previous = await PreviousRunSelector.FindAsync(runs, workspace, record, cancellationToken).ConfigureAwait(false);
        var aggregate = RunAggregator.Aggregate(plan, record.Request, items.Count, results, previous, record.Markets);
        var written = await RunExporter.ExportAsync(exports, options.AgentsIndex, record.RunId, plan, aggregate, options.Exports, cancellationToken).ConfigureAwait(false);

        await ReconcileCountersAsync(record.RunId, items.Count, results, cancellationToken).ConfigureAwait(false);
        await AddWireCountersAsync(record.RunId, session, cancellationToken).ConfigureAwait(false);
        await runs.FinishAsync(
            record.RunId,
            new RunOutcome(written.StatusAfter(aggregate.Status), timeProvider.GetUtcNow(), aggregate.TierCounts, written.Written, JoinErrors(written.Error, session.RawIntegrity), aggregate.Warnings, aggregate.Comparison),
            cancellationToken).ConfigureAwait(false);
        return (await runs.GetAsync(record.RunId, cancellationToken).ConfigureAwait(false))!;
    }

    private static string? JoinErrors(string? first, string? second) =>
        first is null ? second : second is null ? first : first + " " + second;

    /// <summary>Makes the agent counters equal the saved results (a crash between a save and its counter update leaves them off).</summary>
    private async Task ReconcileCountersAsync(string runId, int discovered, List<AgentResult> results, CancellationToken cancellationToken)
    {
        var current = (await runs.GetAsync(runId, cancellationToken).ConfigureAwait(false))!.Counters;
        var delta = new RunCounters(
            discovered - current.AgentsDiscovered,
            results.Count(r => r.Profiled) - current.AgentsProfiled,
            results.Count - current.AgentsDone,
            results.Count(r => !r.Complete) - current.AgentsIncomplete,
            results.Count(r => r.Skipped) - current.AgentsSkipped);
        if (delta != RunCounters.Zero)
        {
            await runs.AddCountersAsync(runId, delta, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task AddWireCountersAsync(string runId, Session session, CancellationToken cancellationToken)
    {
        var wire = session.Wire();
        if (wire.Throttled != 0 || wire.Retries != 0)
        {
            await runs.AddCountersAsync(runId, new RunCounters(Throttled: wire.Throttled, Retries: wire.Retries), cancellationToken).ConfigureAwait(false);
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

        /// <summary>A regrade's raw integrity findings (refused groups, unverified segments), kept on the run record; null when clean.</summary>
        public string? RawIntegrity { get; set; }

        public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromMilliseconds(250);

        public SourceMetrics Wire() => (execution.Metrics?.Invoke() ?? SourceMetrics.Zero).Minus(_wireAtStart);

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
