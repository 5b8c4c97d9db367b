using Microsoft.Extensions.Logging;
using PropGrade.Core.Audit;
using PropGrade.Core.Exports;
using PropGrade.Core.Grading;
using PropGrade.Core.Listings;
using PropGrade.Core.Stages;

namespace PropGrade.Core.Runs;

/// <summary>
/// The one run lifecycle, over the ports: start (QUEUED → RUNNING, the API's today, the run's guard: API-key lock and,
/// locally, the executor lease), discover a market (one time-budgeted slice at a time, saved as it is read), complete
/// discovery (the items of the fan-out), grade a batch (time-budgeted, several agents in flight, checkpoints: raw group
/// first, then results, then progress, then counters), finish (aggregate, exports, final status) or fail (the reason with
/// its detail), and, on AWS, reopen a redriven run. The local orchestrator and the Lambda handlers are thin hosts that
/// call it; neither decides any of this itself.
/// </summary>
public sealed class RunLifecycle
{
    private static readonly RunStatus[] Active = [RunStatus.Queued, RunStatus.Running];

    private readonly IRunStore _runs;
    private readonly IRunWorkspace _workspace;
    private readonly IExportStore _exports;
    private readonly IRunGuard _guard;
    private readonly TimeProvider _time;
    private readonly RunLifecycleOptions _options;
    private readonly ILogger _logger;

    public RunLifecycle(IRunStore runs, IRunWorkspace workspace, IExportStore exports, IRunGuard guard, TimeProvider time, RunLifecycleOptions options, ILogger logger)
    {
        _runs = runs ?? throw new ArgumentNullException(nameof(runs));
        _workspace = workspace ?? throw new ArgumentNullException(nameof(workspace));
        _exports = exports ?? throw new ArgumentNullException(nameof(exports));
        _guard = guard ?? throw new ArgumentNullException(nameof(guard));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _options = (options ?? throw new ArgumentNullException(nameof(options))).Validate();
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>
    /// Starts <paramref name="runId"/>: checks it may start from its status (<see cref="RunAlreadyStartedException"/>
    /// otherwise, nothing touched), takes its guard before anything else (a refusal throws
    /// <see cref="ApiKeyLockedException"/> or <see cref="RunLeaseHeldException"/>; a refused launch ends REJECTED with the
    /// reason), moves it to RUNNING, records the API's today when it has none, and resets the breaker's streak.
    /// </summary>
    public async Task<RunStart> StartAsync(string runId, RunStartOptions start, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        using var scope = RunLog.Scope(_logger, runId);
        var record = await _runs.GetAsync(runId, cancellationToken).ConfigureAwait(false)
            ?? throw new KeyNotFoundException($"Run '{runId}' does not exist.");
        if (!start.From.Contains(record.Status))
        {
            throw new RunAlreadyStartedException(runId, record.Status);
        }

        RunHold hold;
        try
        {
            hold = await _guard.AcquireAsync(runId, cancellationToken).ConfigureAwait(false);
        }
        catch (ApiKeyLockedException refused)
        {
            RunLog.Refused(_logger, refused.Message);
            if (start.RejectWhenLocked)
            {
                await _runs.TryFinishAsync(runId, new RunOutcome(RunStatus.Rejected, _time.GetUtcNow(), new Dictionary<string, int>(), [], refused.Message), Active, cancellationToken).ConfigureAwait(false);
            }

            throw;
        }

        try
        {
            if (!await _runs.TryStartAsync(runId, start.From, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
            {
                var now = await _runs.GetAsync(runId, cancellationToken).ConfigureAwait(false);
                throw new RunAlreadyStartedException(runId, now?.Status ?? record.Status);
            }

            var apiToday = record.ApiToday ?? start.ApiToday;
            if (record.ApiToday is null)
            {
                await _runs.SetApiTodayAsync(runId, apiToday, cancellationToken).ConfigureAwait(false);
            }

            await _runs.RecordFailureStreakAsync(runId, BreakerStreak.Reset, cancellationToken).ConfigureAwait(false);
            RunLog.Started(_logger, record.Status, apiToday);
            var itemCount = await _workspace.CountItemsAsync(runId, cancellationToken).ConfigureAwait(false);
            var started = (await _runs.GetAsync(runId, cancellationToken).ConfigureAwait(false))!;
            return new RunStart(started, GradingPlan.From(started.Request, apiToday), hold, itemCount, itemCount is null && started.Request.Roster is null ? started.Request.Markets ?? [] : []);
        }
        catch (RunAlreadyStartedException)
        {
            // A repeated launch of a run that another execution started: that execution holds (and releases) the guard.
            throw;
        }
        catch
        {
            await _guard.ReleaseAsync(runId, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// A worker going on with a started run (a continuation, a retry, a redrive): renews the run's guard (a redriven run
    /// takes its API key back here; another run holding it throws <see cref="ApiKeyLockedException"/>) and returns the
    /// record and plan.
    /// </summary>
    public async Task<(RunRecord Record, GradingPlan Plan)> ContinueAsync(string runId, CancellationToken cancellationToken)
    {
        var record = await _runs.GetAsync(runId, cancellationToken).ConfigureAwait(false)
            ?? throw new KeyNotFoundException($"Run '{runId}' has no record.");
        await _guard.AcquireAsync(runId, cancellationToken).ConfigureAwait(false);
        var plan = GradingPlan.From(record.Request, record.ApiToday ?? throw new InvalidOperationException($"Run '{runId}' was never started (no API today)."));
        return (record, plan);
    }

    /// <summary>
    /// A redriven execution (AWS): a FAILED run takes its API key again and goes back to RUNNING with its breaker streak
    /// at zero. False, changing nothing, when the run is not FAILED or another run holds the key (the redriven workers
    /// then fail on the lock, and the run stays FAILED).
    /// </summary>
    public async Task<bool> ReopenAsync(string runId, CancellationToken cancellationToken)
    {
        using var scope = RunLog.Scope(_logger, runId);
        if ((await _runs.GetAsync(runId, cancellationToken).ConfigureAwait(false))?.Status != RunStatus.Failed)
        {
            return false;
        }

        try
        {
            await _guard.AcquireAsync(runId, cancellationToken).ConfigureAwait(false);
        }
        catch (ApiKeyLockedException refused)
        {
            RunLog.Refused(_logger, refused.Message);
            return false;
        }

        if (!await _runs.TryStartAsync(runId, [RunStatus.Failed], _time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        await _runs.RecordFailureStreakAsync(runId, BreakerStreak.Reset, cancellationToken).ConfigureAwait(false);
        RunLog.Reopened(_logger);
        return true;
    }

    /// <summary>
    /// One slice of <paramref name="market"/>'s discovery: goes on from where the saved slices stopped (nothing when the
    /// market is done), reads pages until the market is done or <paramref name="budget"/> has passed (checked between
    /// pages; a page in flight at <paramref name="hardStop"/> is cancelled and asked again next time), commits the slice's
    /// raw group, then saves the slice. Returns the market's last slice.
    /// </summary>
    public async Task<MarketSlice> DiscoverMarketAsync(string runId, string market, IListingSource source, IRawStore? rawStore, TimeSpan? budget, TimeSpan? hardStop, CancellationToken cancellationToken)
    {
        using var scope = RunLog.Scope(_logger, runId);
        var last = await _workspace.ReadLastMarketSliceAsync(runId, market, cancellationToken).ConfigureAwait(false);
        if (last is { Done: true })
        {
            return last;
        }

        var offset = last?.NextOffset ?? 0;
        var started = _time.GetTimestamp();
        // Asked before every page after the slice's first: the slice ends at its page cap or when its time budget is used.
        var pagesRead = 1;
        var pageCap = _options.PagesPerSlice;
        bool YieldBeforePage() => ++pagesRead > pageCap || (budget is { } b && _time.GetElapsedTime(started) >= b);
        using var cut = hardStop is { } h ? new CancellationTokenSource(h, _time) : new CancellationTokenSource();
        var slice = await new DiscoveryService(source, rawStore).DiscoverSliceAsync(runId, market, offset, YieldBeforePage, cut.Token, cancellationToken).ConfigureAwait(false);
        await _workspace.SaveMarketSliceAsync(runId, slice, cancellationToken).ConfigureAwait(false);
        RunLog.MarketSlice(_logger, market, slice.Offset, slice.Pages.Count, slice.Calls, slice.NextOffset);
        return slice;
    }

    /// <summary>
    /// Ends discovery: the items of the fan-out (the roster as given, or the markets' saved slices merged in request
    /// order, one market at a time, streamed into the workspace as they are merged), saved with the markets' reports and
    /// the discovery counters. Idempotent: once the items are saved they are counted, not saved again.
    /// </summary>
    public async Task<DiscoveryOutcome> CompleteDiscoveryAsync(string runId, bool makesApiCalls, CancellationToken cancellationToken)
    {
        using var scope = RunLog.Scope(_logger, runId);
        var record = await _runs.GetAsync(runId, cancellationToken).ConfigureAwait(false)
            ?? throw new KeyNotFoundException($"Run '{runId}' has no record.");
        var markets = record.Request.Roster is null ? record.Request.Markets ?? [] : [];
        var merge = new DiscoveryMerge();
        if (await _workspace.CountItemsAsync(runId, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            var complete = true;
            foreach (var market in markets)
            {
                var slices = await _workspace.ReadMarketSlicesAsync(runId, market, cancellationToken).ConfigureAwait(false);
                if (slices.Count == 0 || !slices[^1].Done)
                {
                    // A regrade's items come from its source run: it has no slices of its own.
                    complete = false;
                    continue;
                }

                _ = merge.Add(market, slices);
            }

            if (complete && markets.Count > 0 && record.Markets is null)
            {
                // Saved before a crash that came before the markets' reports were recorded.
                await _runs.RecordMarketsAsync(runId, merge.Reports, cancellationToken).ConfigureAwait(false);
            }

            var known = WorkerPlan.Latency(merge.Attempts, merge.WireMilliseconds);
            return complete
                ? new DiscoveryOutcome(existing, merge.Calls, merge.Reports, known)
                : new DiscoveryOutcome(existing, 0, record.Markets ?? [], known);
        }

        IAsyncEnumerable<AgentWorkItem> items;
        var calls = 0;
        if (record.Request.Roster is not null)
        {
            var roster = await new DiscoveryService(NoSource.Instance, null).DiscoverAsync(runId, record.Request, cancellationToken).ConfigureAwait(false);
            items = roster.Items.ToAsyncEnumerable();
            calls = roster.Calls;
        }
        else
        {
            items = MergedItemsAsync(runId, markets, merge, cancellationToken);
        }

        if (_options.ProfileCallPerAgent)
        {
            // The revision-1 strategy (benchmarks only): forget the discovery entries, so stage 1 calls get-profile for every agent.
            items = items.Select(i => i with { Profile = null, NrdsId = i.NrdsId ?? i.Profile?.Contact.NrdsId });
        }

        var count = await _workspace.SaveItemsAsync(runId, items, cancellationToken).ConfigureAwait(false);
        calls += merge.Calls;
        if (record.Request.Roster is null)
        {
            await _runs.RecordMarketsAsync(runId, merge.Reports, cancellationToken).ConfigureAwait(false);
        }

        var latency = WorkerPlan.Latency(merge.Attempts, merge.WireMilliseconds);
        await _runs.AddCountersAsync(runId, new RunCounters(AgentsDiscovered: count, ApiCalls: makesApiCalls ? calls : 0), cancellationToken).ConfigureAwait(false);
        RunLog.Discovered(_logger, count, merge.Reports.Count, calls, latency.TotalMilliseconds);
        return new DiscoveryOutcome(count, calls, record.Request.Roster is null ? merge.Reports : [], latency);
    }

    /// <summary>The markets' items merged in request order, one market's slices read at a time; throws when a market was not read to its end.</summary>
    private async IAsyncEnumerable<AgentWorkItem> MergedItemsAsync(string runId, IReadOnlyList<string> markets, DiscoveryMerge merge, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var market in markets)
        {
            var slices = await _workspace.ReadMarketSlicesAsync(runId, market, cancellationToken).ConfigureAwait(false);
            if (slices.Count == 0 || !slices[^1].Done)
            {
                throw new InvalidOperationException($"Run '{runId}': market {market} was not discovered to the end; discovery cannot complete.");
            }

            foreach (var item in merge.Add(market, slices))
            {
                yield return item;
            }
        }
    }

    /// <summary>
    /// Works on one batch (<paramref name="batchKey"/>, <paramref name="items"/>) from its saved progress, as
    /// <paramref name="work"/> says: agents not yet saved, from their saved state, several in flight; it stops at the
    /// time budget (agents in flight stop before their next page and are saved as they are) and checkpoints as agents
    /// finish (raw group, then results, then the batch's progress, then counters and the breaker's streak). Throws
    /// <see cref="RunBreakerOpenException"/> once the breaker opened (after saving what finished), and a run-stopping
    /// <see cref="ListingApiException"/> as it came.
    /// </summary>
    public async Task<BatchOutcome> GradeBatchAsync(
        string runId,
        GradingPlan plan,
        string batchKey,
        IReadOnlyList<AgentWorkItem> items,
        IListingSource source,
        IRawStore? rawStore,
        BatchWork work,
        ConsecutiveFailureBreaker? breaker,
        Action<IReadOnlyList<AgentResult>>? onSaved,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(work);
        work.Validate();
        using var scope = RunLog.Scope(_logger, runId, batchKey);
        var progress = await _workspace.ReadBatchProgressAsync(runId, batchKey, cancellationToken).ConfigureAwait(false) ?? BatchProgress.Empty(batchKey);
        if (progress.Done)
        {
            return new BatchOutcome(progress, 0, 0, 0, 0, 0);
        }

        using var grader = new BatchGrader(StoresView, runId, plan, progress, items, source, work, breaker, onSaved);
        return await grader.RunAsync(rawStore, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// An invocation of the batch died (a crash, a Lambda timeout) after Step Functions' retries: counted on the batch's
    /// progress. Below <paramref name="maxFailures"/> the batch goes on from its last checkpoint (what the failed
    /// invocation had not checkpointed is asked again); at it, every agent not yet saved is saved incomplete with reason
    /// <c>batch_failed:{error}</c>, graded on what was read, and the batch is done. Never calls the API.
    /// </summary>
    public async Task<BatchOutcome> RecordBatchFailureAsync(string runId, string batchKey, IReadOnlyList<AgentWorkItem> items, string error, int maxFailures, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        using var scope = RunLog.Scope(_logger, runId, batchKey);
        var progress = await _workspace.ReadBatchProgressAsync(runId, batchKey, cancellationToken).ConfigureAwait(false) ?? BatchProgress.Empty(batchKey);
        if (progress.Done)
        {
            return new BatchOutcome(progress, 0, 0, 0, 0, 0);
        }

        var failures = progress.Failures + 1;
        RunLog.BatchFailed(_logger, failures, error);
        if (failures < maxFailures)
        {
            progress = progress with { Failures = failures };
            await _workspace.SaveBatchProgressAsync(runId, progress, cancellationToken).ConfigureAwait(false);
            return new BatchOutcome(progress, 0, 0, 0, 0, 0);
        }

        var record = await _runs.GetAsync(runId, cancellationToken).ConfigureAwait(false)
            ?? throw new KeyNotFoundException($"Run '{runId}' has no record.");
        var plan = GradingPlan.From(record.Request, record.ApiToday ?? record.Request.AsOf);
        var reason = BatchFailedPrefix + error;
        var done = progress.DoneIds.ToHashSet(StringComparer.Ordinal);
        var partial = progress.Partial.ToDictionary(a => a.Item.AdvertiserId, StringComparer.Ordinal);
        var results = items
            .Where(i => !done.Contains(i.AdvertiserId))
            .Select(i => partial.GetValueOrDefault(i.AdvertiserId) is { } state
                ? state.Fail(reason).ToResult(plan)
                : new AgentResult(i.AdvertiserId, i.Profile?.Name ?? "", i.Profile?.OfficeName, i.Market, GradingPlan.Unranked, null, 0m, 0m, 0m, 0m, false, false, reason, 0, 0, Contact: i.Profile?.Contact))
            .ToList();
        await _workspace.SaveResultsAsync(runId, CheckpointGroups.Key(batchKey, progress.Checkpoint), results, cancellationToken).ConfigureAwait(false);
        progress = progress with
        {
            Checkpoint = progress.Checkpoint + 1,
            DoneIds = [.. items.Select(i => i.AdvertiserId)],
            Partial = [],
            Failures = failures,
            Done = true,
        };
        await _workspace.SaveBatchProgressAsync(runId, progress, cancellationToken).ConfigureAwait(false);
        await _runs.AddCountersAsync(runId, new RunCounters(
            AgentsProfiled: results.Count(r => r.Profiled),
            AgentsDone: results.Count,
            AgentsIncomplete: results.Count,
            AgentsSkipped: results.Count(r => r.Skipped),
            ApiCalls: results.Sum(r => (long)r.Calls)), cancellationToken).ConfigureAwait(false);
        return new BatchOutcome(progress, results.Count, 0, 0, 0, results.Count);
    }

    /// <summary>The reason prefix of agents whose batch failed for good.</summary>
    public const string BatchFailedPrefix = "batch_failed:";

    /// <summary>
    /// Finishes the run from its saved results: aggregate (movement versus the previous run over the same markets),
    /// stream the exports (a failed export makes the run PARTIAL naming it, never FAILED), reconcile the agent counters
    /// with the saved results, record the final status, release the run's guard. Idempotent.
    /// </summary>
    public async Task<RunRecord> FinishAsync(string runId, RunFinishOptions finish, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(finish);
        using var scope = RunLog.Scope(_logger, runId);
        var record = await _runs.GetAsync(runId, cancellationToken).ConfigureAwait(false)
            ?? throw new KeyNotFoundException($"Run '{runId}' has no record.");
        var plan = GradingPlan.From(record.Request, record.ApiToday ?? throw new InvalidOperationException($"Run '{runId}' was never started (no API today)."));
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        var itemCount = 0;
        await foreach (var item in _workspace.ReadItemsAsync(runId, cancellationToken).ConfigureAwait(false))
        {
            wanted.Add(item.AdvertiserId);
            itemCount++;
        }

        var previous = await PreviousRunSelector.FindAsync(_runs, _workspace, record, cancellationToken).ConfigureAwait(false);
        // One pass over the saved results, rows sorted externally (memory does not grow with the run); the sort's files
        // are deleted once the exports and the index are written.
        using var aggregate = await RunAggregator.AggregateAsync(
            plan, record.Request, itemCount, _workspace.ReadResultsAsync(runId, cancellationToken), previous, record.Markets, _options.Aggregation, cancellationToken,
            r => wanted.Contains(r.AdvertiserId)).ConfigureAwait(false);
        var written = await RunExporter.ExportAsync(_exports, _options.AgentsIndex, runId, plan, aggregate, _options.Exports, cancellationToken).ConfigureAwait(false);

        await ReconcileCountersAsync(runId, itemCount, aggregate.Counts, cancellationToken).ConfigureAwait(false);
        if (finish.WireCounters is { } wire && wire != RunCounters.Zero)
        {
            await _runs.AddCountersAsync(runId, wire, cancellationToken).ConfigureAwait(false);
        }

        var status = written.StatusAfter(aggregate.Status);
        await _runs.FinishAsync(
            runId,
            new RunOutcome(status, _time.GetUtcNow(), aggregate.TierCounts, written.Written, JoinErrors(written.Error, finish.Note), aggregate.Warnings, aggregate.Comparison),
            cancellationToken).ConfigureAwait(false);
        await _guard.ReleaseAsync(runId, CancellationToken.None).ConfigureAwait(false);
        RunLog.Finished(_logger, status, itemCount, string.Join(", ", written.Written));
        return (await _runs.GetAsync(runId, cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>
    /// Ends the run FAILED because of <paramref name="error"/> (its type, reason and message on the record; the whole
    /// exception, stack included, in the log) and releases its guard. The run stays resumable.
    /// </summary>
    public async Task<RunRecord?> FailAsync(string runId, Exception error, RunCounters? wireCounters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(error);
        using var scope = RunLog.Scope(_logger, runId);
        var reason = Describe(error);
        RunLog.Failed(_logger, reason, error);
        if (wireCounters is { } wire && wire != RunCounters.Zero)
        {
            await _runs.AddCountersAsync(runId, wire, cancellationToken).ConfigureAwait(false);
        }

        await _runs.FinishAsync(runId, new RunOutcome(RunStatus.Failed, _time.GetUtcNow(), new Dictionary<string, int>(), [], reason), cancellationToken).ConfigureAwait(false);
        await _guard.ReleaseAsync(runId, CancellationToken.None).ConfigureAwait(false);
        return await _runs.GetAsync(runId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Ends the run FAILED with <paramref name="reason"/> when it is still QUEUED or RUNNING (true); a run that already
    /// reached a final status keeps it (false). Either way its guard is released and its breaker streak reset, so a
    /// redrive starts clean. Idempotent: what a repeated or concurrent end event calls.
    /// </summary>
    public async Task<bool> FailIfActiveAsync(string runId, string reason, CancellationToken cancellationToken)
    {
        using var scope = RunLog.Scope(_logger, runId);
        var marked = await _runs.TryFinishAsync(runId, new RunOutcome(RunStatus.Failed, _time.GetUtcNow(), new Dictionary<string, int>(), [], reason), Active, cancellationToken).ConfigureAwait(false);
        if (marked)
        {
            RunLog.Failed(_logger, reason, null);
            await _runs.RecordFailureStreakAsync(runId, BreakerStreak.Reset, cancellationToken).ConfigureAwait(false);
        }

        await _guard.ReleaseAsync(runId, CancellationToken.None).ConfigureAwait(false);
        return marked;
    }

    /// <summary>Gives up the run's guard without ending the run (a host stopping: the run stays resumable).</summary>
    public Task ReleaseAsync(string runId) => _guard.ReleaseAsync(runId, CancellationToken.None);

    /// <summary>How an exception reads on the run record: its type, the API's reason when it has one, and its message.</summary>
    public static string Describe(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error switch
        {
            ListingApiException api => $"{api.GetType().Name} ({api.Reason}): {api.Message}",
            RunBreakerOpenException => error.Message,
            _ => $"{error.GetType().Name}: {error.Message}",
        };
    }

    internal Stores StoresView => new(_runs, _workspace, _time, _logger, _options.BreakerThreshold);

    private static string? JoinErrors(string? first, string? second) =>
        first is null ? second : second is null ? first : first + " " + second;

    /// <summary>Makes the agent counters equal the saved results (a crash between a save and its counter update leaves them off).</summary>
    private async Task ReconcileCountersAsync(string runId, int discovered, RunResultCounts results, CancellationToken cancellationToken)
    {
        var current = (await _runs.GetAsync(runId, cancellationToken).ConfigureAwait(false))!.Counters;
        var delta = new RunCounters(
            discovered - current.AgentsDiscovered,
            results.Profiled - current.AgentsProfiled,
            results.Results - current.AgentsDone,
            results.Incomplete - current.AgentsIncomplete,
            results.Skipped - current.AgentsSkipped);
        if (delta != RunCounters.Zero)
        {
            await _runs.AddCountersAsync(runId, delta, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>What <see cref="BatchGrader"/> needs of the lifecycle.</summary>
    internal sealed record Stores(IRunStore Runs, IRunWorkspace Workspace, TimeProvider Time, ILogger Logger, int BreakerThreshold);

    /// <summary>A roster needs no listing source: discovery takes its rows as given.</summary>
    private sealed class NoSource : IListingSource
    {
        public static readonly NoSource Instance = new();

        public Task<AgentPage> GetAgentPageAsync(string postalCode, int offset, FetchContext context, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("A roster run discovers nothing.");

        public Task<AgentProfile> GetProfileAsync(RosterEntry agent, FetchContext context, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("A roster run discovers nothing.");

        public Task<ListingPage> GetListingPageAsync(ListingsKey agent, ListingKind kind, int page, int distinctBefore, FetchContext context, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("A roster run discovers nothing.");
    }
}
