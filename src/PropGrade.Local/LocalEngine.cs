using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PropGrade.AgentIndex;
using PropGrade.Core.Agents;
using PropGrade.Core.Audit;
using PropGrade.Core.Estimates;
using PropGrade.Core.Explain;
using PropGrade.Core.Exports;
using PropGrade.Core.Runs;
using PropGrade.ListingApi;
using PropGrade.Local.Audit;
using PropGrade.Local.Exports;
using PropGrade.Local.Orchestration;
using PropGrade.Local.Runs;
using PropGrade.Simulator;

namespace PropGrade.Local;

/// <summary>
/// The local composition (the CLI and <c>propgrade serve</c> use it): SQLite run store and workspace in
/// <c>{dataDir}/propgrade.db</c>, file exports and raw store under <c>{dataDir}/runs/{runId}/</c>, and the listing
/// source (the embedded simulator unless an API base is given), connected on first need. Constructing it prepares the
/// data directory (<see cref="DataDirectory.Prepare"/>: checked, created 0700, stale temp files removed) and throws
/// <see cref="DataDirectoryException"/> when it cannot be used, having created nothing.
/// </summary>
public sealed class LocalEngine : IEstimateContextProvider, IAsyncDisposable
{
    private static readonly RunStatus[] Resumable = [RunStatus.Queued, RunStatus.Running, RunStatus.Failed, RunStatus.Partial];

    private readonly LocalEngineOptions _options;
    private readonly ISourceConnector _connector;
    private readonly SemaphoreSlim _connectGate = new(1, 1);
    private readonly LocalOrchestrator _orchestrator;
    private readonly LocalOrchestrator _regradeOrchestrator;
    private readonly LocalRunGuard _guard;
    private readonly LocalRunGuard _regradeGuard;
    private readonly ILogger _logger;
    private readonly IRawStore? _rawStore;
    private SourceConnection? _connection;

    public LocalEngine(LocalEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        DataDir = DataDirectory.Prepare(options.DataDir);
        var db = new SqliteDatabase(DataDir);
        Runs = new SqliteRunStore(db);
        Workspace = new SqliteRunWorkspace(db);
        Leases = new SqliteLeaseStore(db);
        FileExports = new FileExportStore(DataDir);
        _connector = options.SourceConnector ?? new DefaultSourceConnector(options);
        _rawStore = options.RawStoreFactory is { } factory ? factory(DataDir) : new FileRawStore(DataDir);
        Executor = options.Executor ?? LocalExecutor.ForThisProcess();
        _logger = (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger("PropGrade.Runs");
        // Against a real API the key is shared with every other process using it: its lock; the embedded simulator's key
        // is this process's own, and a regrade makes no call: only the run's lease.
        _guard = new LocalRunGuard(Leases, Executor, options.ApiBase?.GetLeftPart(UriPartial.Authority), options.LeaseTtl, options.TimeProvider);
        _regradeGuard = new LocalRunGuard(Leases, Executor, keySource: null, options.LeaseTtl, options.TimeProvider);
        AgentsIndex = FileRunAgentsIndex.UnderDataDirectory(DataDir);
        _orchestrator = CreateOrchestrator(concurrency: null);
        var regradeOptions = options.ToOrchestratorOptions();
        regradeOptions.BatchSize = options.RegradeBatchSize;
        regradeOptions.AgentsIndex = AgentsIndex;
        _regradeOrchestrator = new LocalOrchestrator(Runs, Workspace, FileExports, options.TimeProvider, regradeOptions, _regradeGuard, _logger);
        Agents = new RunAgentsService(Runs, AgentsIndex, Workspace, FileExports, regradeOptions.Aggregation);
        Explainer = new AgentExplainer(Agents, _rawStore, new StoredListingPages());
        Estimator = new RunEstimator(Runs, this);
    }

    /// <summary>Who executes runs here (the run leases and the API-key lock are held under its id).</summary>
    public LocalExecutor Executor { get; }

    /// <summary>The leases (one executor per run, one run per API key) in the runs database.</summary>
    public ILeaseStore Leases { get; }

    /// <summary>The absolute data directory.</summary>
    public string DataDir { get; }

    public IRunStore Runs { get; }

    public IRunWorkspace Workspace { get; }

    public IExportStore Exports => FileExports;

    /// <summary>The file export store (for the exports directory of a run).</summary>
    public FileExportStore FileExports { get; }

    /// <summary>The runs' agents indexes (<c>{dataDir}/runs/{runId}/index/agents-v1.db</c>), written with the exports.</summary>
    public FileRunAgentsIndex AgentsIndex { get; }

    /// <summary>A run's graded agents, page by page (the results table, <c>GET /runs/{runId}/agents</c>).</summary>
    public RunAgentsService Agents { get; }

    /// <summary>Why an agent got its tier, from the raw store (<c>propgrade explain</c>, <c>GET /runs/{runId}/agents/{advertiserId}</c>).</summary>
    public AgentExplainer Explainer { get; }

    /// <summary>A run request's expected size before launch (<c>POST /runs/estimate</c>); no cost locally.</summary>
    public RunEstimator Estimator { get; }

    /// <summary>The raw audit store (null when turned off).</summary>
    public IRawStore? RawStore => _rawStore;

    /// <summary>The embedded simulator, once connected; null with an API base or a custom source.</summary>
    public SimulatorHost? Simulator => (_connector as DefaultSourceConnector)?.Simulator;

    /// <summary>
    /// The listing source this engine calls, as a run record pins it (never the key): the API base with its
    /// <c>X-RapidAPI-Host</c>, or the embedded simulator's world (its port is not part of it: it changes per process).
    /// </summary>
    public RunSource Source => _options.ApiBase is { } apiBase
        ? RunSource.ForApi(apiBase, _options.Host)
        : RunSource.Embedded(_options.Simulator.Seed, _options.Simulator.Agents);

    /// <summary>
    /// Why <paramref name="record"/> may not be executed against <see cref="Source"/> (it was created against another
    /// source, or before sources were pinned), or null. Regrades make no call and always may.
    /// </summary>
    public string? SourceProblem(RunRecord record) => RunSource.Mismatch(record, Source, adoptUnrecorded: false);

    /// <summary>
    /// Pins <see cref="Source"/> on <paramref name="runId"/> when its record has none (recorded before runs pinned their
    /// source: <c>run --resume ID --adopt-source</c>); false when it already had one.
    /// </summary>
    public Task<bool> AdoptSourceAsync(string runId, CancellationToken cancellationToken) =>
        ((SqliteRunStore)Runs).TryAdoptSourceAsync(runId, Source, cancellationToken);

    /// <summary>The connected source (connects on first call).</summary>
    public async Task<SourceConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        if (_connection is { } ready)
        {
            return ready;
        }

        await _connectGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _connection ??= await _connector.ConnectAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _connectGate.Release();
        }
    }

    /// <summary>What omitted request fields become: today is the source's today, markets are its markets (with their places when known).</summary>
    public async Task<RunDefaults> GetDefaultsAsync(CancellationToken cancellationToken)
    {
        var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        return new RunDefaults(connection.ApiToday, connection.Markets) { MarketPlaces = connection.MarketPlaces };
    }

    /// <summary>
    /// Who else holds the API key's lock (another process's run against the same API base), or null: a launch checks it
    /// before storing a run (one active run per API key). Always null for the embedded simulator (its key is this
    /// process's own).
    /// </summary>
    public async Task<Lease?> ApiKeyHolderAsync(CancellationToken cancellationToken)
    {
        if (_options.ApiBase is not { } apiBase)
        {
            return null;
        }

        var lease = await Leases.GetAsync(LeaseNames.ApiKey(apiBase.GetLeftPart(UriPartial.Authority)), cancellationToken).ConfigureAwait(false);
        return lease is null || lease.OwnerId == Executor.Id || lease.IsExpired(_options.TimeProvider.GetUtcNow()) ? null : lease;
    }

    /// <summary>The connected source's configured rate and the quota it last saw (for estimates).</summary>
    async Task<EstimateContext> IEstimateContextProvider.GetAsync(CancellationToken cancellationToken)
    {
        var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        return new EstimateContext(connection.RequestsPerSecond, connection.Quota?.Invoke());
    }

    /// <summary>Validates and stores a QUEUED run; returns its id. Throws <see cref="RunRequestInvalidException"/>, storing nothing.</summary>
    public async Task<string> SubmitAsync(RunRequest request, RunTrigger trigger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        var errors = RunRequestValidator.Validate(request, connection.ApiToday);
        if (errors.Count > 0)
        {
            throw new RunRequestInvalidException(errors);
        }

        return await CreateAsync(request, trigger, connection.ApiToday, regradeOf: null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stores a QUEUED regrade of <paramref name="sourceRunId"/> with new grading fields (same agents, same API
    /// today); executing it reads the source run's raw responses and makes no API call.
    /// </summary>
    public async Task<string> SubmitRegradeAsync(string sourceRunId, RunRequest request, RunTrigger trigger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var source = await Runs.GetAsync(sourceRunId, cancellationToken).ConfigureAwait(false)
            ?? throw new RunRequestInvalidException([new FieldError("runId", $"run '{sourceRunId}' does not exist.")]);
        if (RevisionProblem(source, "regraded") is { } problem)
        {
            throw new RunRequestInvalidException([new FieldError("runId", problem)]);
        }

        var rootId = source.RegradeOf ?? source.RunId;
        var itemCount = await Workspace.CountItemsAsync(rootId, cancellationToken).ConfigureAwait(false)
            ?? throw new RunRequestInvalidException([new FieldError("runId", $"run '{sourceRunId}' never finished discovering its agents; nothing to regrade.")]);
        var apiToday = source.ApiToday ?? request.AsOf;
        var errors = RunRequestValidator.Validate(request, DateOnly.FromDateTime(_options.TimeProvider.GetUtcNow().UtcDateTime)).ToList();
        if (!SameMarketsOrRosterEntries(source.Request, request))
        {
            errors.Add(new FieldError("markets", "a regrade grades the source run's agents: markets and roster cannot change."));
        }

        if (errors.Count > 0)
        {
            throw new RunRequestInvalidException(errors);
        }

        var runId = await CreateAsync(request, trigger, apiToday, rootId, cancellationToken, source.Markets, source.Source).ConfigureAwait(false);
        var copied = await Workspace.SaveItemsAsync(runId, Workspace.ReadItemsAsync(rootId, cancellationToken), cancellationToken).ConfigureAwait(false);
        await Runs.AddCountersAsync(runId, new RunCounters(AgentsDiscovered: copied), cancellationToken).ConfigureAwait(false);
        return runId;
    }

    /// <summary>
    /// Runs the run to its end; an interrupted run resumes (agents already saved make no call). Throws
    /// <see cref="RunLeaseHeldException"/> (another process executes it) or <see cref="ApiKeyLockedException"/> (another
    /// process's run holds the API key) before any call.
    /// </summary>
    public Task<RunRecord> ExecuteAsync(string runId, IProgress<RunProgress>? progress, CancellationToken cancellationToken) =>
        ExecuteAsync(runId, progress, concurrency: null, stopping: CancellationToken.None, cancellationToken);

    /// <summary>As <see cref="ExecuteAsync(string, IProgress{RunProgress}?, CancellationToken)"/>, with <paramref name="concurrency"/> batches at once (null: the configured default).</summary>
    public Task<RunRecord> ExecuteAsync(string runId, IProgress<RunProgress>? progress, int? concurrency, CancellationToken cancellationToken) =>
        ExecuteAsync(runId, progress, concurrency, stopping: CancellationToken.None, cancellationToken);

    /// <summary>As <see cref="ExecuteAsync(string, IProgress{RunProgress}?, int?, CancellationToken, CancellationToken)"/> at the configured concurrency.</summary>
    public Task<RunRecord> ExecuteAsync(string runId, IProgress<RunProgress>? progress, CancellationToken stopping, CancellationToken cancellationToken) =>
        ExecuteAsync(runId, progress, concurrency: null, stopping, cancellationToken);

    /// <summary>
    /// Runs the run to its end with <paramref name="concurrency"/> batches at once (null: the configured default) and a
    /// graceful stop: <paramref name="stopping"/> starts no other agent, lets those in flight finish and be saved, and ends with an <see cref="OperationCanceledException"/> leaving the run RUNNING (see
    /// <see cref="RunExecution.Stopping"/>); <paramref name="cancellationToken"/> cancels the calls in flight too. Throws
    /// <see cref="RunSourceMismatchException"/> before any call when the run was created against another source
    /// (<see cref="SourceProblem"/>), <see cref="RunLeaseHeldException"/> or <see cref="ApiKeyLockedException"/> when
    /// another process executes it or holds the API key.
    /// </summary>
    public async Task<RunRecord> ExecuteAsync(string runId, IProgress<RunProgress>? progress, int? concurrency, CancellationToken stopping, CancellationToken cancellationToken)
    {
        var record = await Runs.GetAsync(runId, cancellationToken).ConfigureAwait(false)
            ?? throw new KeyNotFoundException($"Run '{runId}' does not exist.");
        if (!Resumable.Contains(record.Status))
        {
            return record;
        }

        if (RevisionProblem(record, "resumed") is { } problem)
        {
            throw new RunRequestInvalidException([new FieldError("runId", problem)]);
        }

        // Before any connection or call: a run never mixes two sources' data.
        if (record.RegradeOf is null && SourceProblem(record) is { } sourceProblem)
        {
            throw new RunSourceMismatchException(sourceProblem, record.Source, Source);
        }

        RunExecution execution;
        if (record.RegradeOf is { } origin)
        {
            var raw = _rawStore ?? throw new InvalidOperationException("A regrade needs the raw store, and none is configured.");
            var factory = _options.ReplaySourceFactory ?? ((store, id) => new RawReplaySource(store, id));
            execution = new RunExecution(factory(raw, origin), record.ApiToday ?? record.Request.AsOf, null, null, MakesApiCalls: false);
        }
        else
        {
            var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
            execution = new RunExecution(connection.Source, connection.ApiToday, _rawStore, connection.Metrics);
        }

        var orchestrator = record.RegradeOf is not null ? _regradeOrchestrator
            : concurrency is { } c && c != _options.Concurrency ? CreateOrchestrator(c)
            : _orchestrator;
        return await orchestrator.ExecuteAsync(runId, execution with { Stopping = stopping }, progress, cancellationToken).ConfigureAwait(false);
    }

    private LocalOrchestrator CreateOrchestrator(int? concurrency)
    {
        var options = _options.ToOrchestratorOptions();
        options.Concurrency = concurrency ?? options.Concurrency;
        options.AgentsIndex = AgentsIndex;
        return new LocalOrchestrator(Runs, Workspace, FileExports, _options.TimeProvider, options, _guard, _logger);
    }

    public async ValueTask DisposeAsync()
    {
        await _guard.DisposeAsync().ConfigureAwait(false);
        await _regradeGuard.DisposeAsync().ConfigureAwait(false);
        await _connector.DisposeAsync().ConfigureAwait(false);
        if (_rawStore is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync().ConfigureAwait(false);
        }

        _connectGate.Dispose();
    }

    /// <summary>
    /// Why <paramref name="record"/> cannot be <paramref name="action"/> ("resumed", "regraded") by this build, or null:
    /// a run made under listing-API contract revision 1 stored requests, ids and raw responses in revision-1 shapes,
    /// which revision 2 cannot read back. It stays listable and showable.
    /// </summary>
    public static string? RevisionProblem(RunRecord record, string action)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.EffectiveListingApiRevision == RunRecord.CurrentListingApiRevision
            ? null
            : $"run '{record.RunId}' was made under listing-API contract revision {record.EffectiveListingApiRevision}; it cannot be {action} under revision {RunRecord.CurrentListingApiRevision} "
              + "(its stored requests and raw responses have the old shapes, so the agents would be misread or missing). It stays listed and shown as it is; start a new run to grade these agents again.";
    }

    private async Task<string> CreateAsync(
        RunRequest request, RunTrigger trigger, DateOnly apiToday, string? regradeOf, CancellationToken cancellationToken, IReadOnlyList<MarketReport>? markets = null, RunSource? regradeSource = null)
    {
        // A new run pins the source it is created against; a regrade keeps its origin's (it makes no call).
        var source = regradeOf is null ? Source : regradeSource;
        for (var attempt = 0; ; attempt++)
        {
            var runId = RunIds.New(_options.TimeProvider);
            var record = new RunRecord(runId, RunStatus.Queued, request, trigger, _options.TimeProvider.GetUtcNow(), null, null,
                RunCounters.Zero, new Dictionary<string, int>(), null, [], apiToday, regradeOf, RunRecord.CurrentListingApiRevision, markets, Source: source);
            try
            {
                await Runs.CreateAsync(record, cancellationToken).ConfigureAwait(false);
                return runId;
            }
            catch (RunAlreadyExistsException) when (attempt < 5)
            {
            }
        }
    }

    /// <summary>
    /// The regrade's rule (a regrade grades its source's agents): when neither request names a roster, the same markets
    /// (as a set); otherwise both name a roster with the same entries (advertiser id and NRDS id, as a set). Stricter
    /// than <c>PreviousRunSelector.SameMarketsOrAdvertiserIds</c> (which run a movement or an estimate compares with),
    /// which compares advertiser ids only.
    /// </summary>
    private static bool SameMarketsOrRosterEntries(RunRequest a, RunRequest b) =>
        a.Roster is not null || b.Roster is not null
            ? a.Roster is not null && b.Roster is not null && a.Roster.ToHashSet().SetEquals(b.Roster)
            : (a.Markets ?? []).ToHashSet(StringComparer.Ordinal).SetEquals(b.Markets ?? []);
}
