using System.Collections.Concurrent;
using PropGrade.Core.Api;
using PropGrade.Core.Runs;
using PropGrade.Local.Orchestration;

namespace PropGrade.Local.Web;

/// <summary>
/// Launches API runs on the local engine: submits (QUEUED, stored in SQLite) and executes in the background, so the
/// HTTP answer comes at once and the run survives a page reload (its state is in the run store, not the page).
/// A per-run <see cref="LaunchOptions.Concurrency"/> runs that run with its own orchestrator settings. Disposing
/// cancels runs in flight; they stay RUNNING in the store and resume with <c>propgrade run --resume RUNID</c>.
/// </summary>
public sealed class LocalRunLauncher : IRunLauncher, IAsyncDisposable
{
    private readonly LocalEngine _engine;
    private readonly LocalEngineOptions _engineOptions;
    private readonly Action<string, Exception>? _onRunFailed;
    private readonly ConcurrentDictionary<string, Task> _inFlight = new();
    private readonly CancellationTokenSource _stopping = new();

    public LocalRunLauncher(LocalEngine engine, LocalEngineOptions engineOptions, Action<string, Exception>? onRunFailed = null)
    {
        _engine = engine ?? throw new ArgumentNullException(nameof(engine));
        _engineOptions = engineOptions ?? throw new ArgumentNullException(nameof(engineOptions));
        _onRunFailed = onRunFailed;
    }

    /// <summary>Runs executing now.</summary>
    public int InFlight => _inFlight.Count;

    /// <summary>
    /// Completes when <paramref name="runId"/> stops executing here (finished, failed, or cancelled by shutdown); at once
    /// when it is not executing here. A launched run is registered before <see cref="LaunchAsync"/> returns.
    /// </summary>
    public Task WhenStopped(string runId) => _inFlight.TryGetValue(runId, out var execution) ? execution : Task.CompletedTask;

    public async Task<string> LaunchAsync(RunRequest request, LaunchOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        string runId;
        try
        {
            runId = await _engine.SubmitAsync(request, RunTrigger.Api, cancellationToken);
        }
        catch (RunRequestInvalidException invalid)
        {
            throw new RunLaunchRejectedException([.. invalid.Errors.Select(e => new ApiFieldError(e.Field, e.Message))]);
        }

        Start(runId, options);
        return runId;
    }

    /// <summary>
    /// Executes an existing QUEUED or RUNNING run in the background (a run a previous <c>serve</c> left unfinished);
    /// saved agents make no call again. Returns false when the run is executing here already.
    /// </summary>
    public bool Resume(string runId) => Start(runId, LaunchOptions.Default);

    private bool Start(string runId, LaunchOptions options)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var execution = Task.Run(async () =>
        {
            try
            {
                await started.Task;
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await ExecuteAsync(runId, options);
        }, CancellationToken.None);
        if (!_inFlight.TryAdd(runId, execution))
        {
            started.SetCanceled();
            return false;
        }

        started.SetResult();
        return true;
    }

    private async Task ExecuteAsync(string runId, LaunchOptions options)
    {
        try
        {
            if (options.Concurrency is { } concurrency && concurrency != _engineOptions.Concurrency)
            {
                var connection = await _engine.ConnectAsync(_stopping.Token);
                var orchestrator = new LocalOrchestrator(_engine.Runs, _engine.Workspace, _engine.Exports, _engineOptions.TimeProvider, new OrchestratorOptions
                {
                    Concurrency = concurrency,
                    BatchSize = _engineOptions.BatchSize,
                    BreakerThreshold = _engineOptions.BreakerThreshold,
                    AgentsIndex = _engine.AgentsIndex,
                });
                await orchestrator.ExecuteAsync(runId, new RunExecution(connection.Source, connection.ApiToday, _engine.RawStore, connection.Metrics), null, _stopping.Token);
            }
            else
            {
                await _engine.ExecuteAsync(runId, null, _stopping.Token);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Shutting down: the run stays RUNNING and is resumable.
        }
#pragma warning disable CA1031 // A background run must record its failure, whatever it is.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _onRunFailed?.Invoke(runId, ex);
            await TryMarkFailedAsync(runId, ex);
        }
        finally
        {
            _inFlight.TryRemove(runId, out _);
        }
    }

    private async Task TryMarkFailedAsync(string runId, Exception ex)
    {
        try
        {
            var record = await _engine.Runs.GetAsync(runId, CancellationToken.None);
            if (record is { Status: RunStatus.Queued or RunStatus.Running })
            {
                await _engine.Runs.FinishAsync(runId, new RunOutcome(RunStatus.Failed, _engineOptions.TimeProvider.GetUtcNow(), new Dictionary<string, int>(), [], ex.GetType().Name + ": " + ex.Message), CancellationToken.None);
            }
        }
#pragma warning disable CA1031 // Best effort: the failure was already reported.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await Task.WhenAll(_inFlight.Values);
        _stopping.Dispose();
    }
}
