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
/// <see cref="StopAsync"/> stops gracefully first (the agents in flight finish and are saved). As an
/// <see cref="IRunResumer"/> it resumes an unfinished run on request, refusing one created against another source.
/// </summary>
public sealed class LocalRunLauncher : IRunLauncher, IRunResumer, IAsyncDisposable
{
    private readonly LocalEngine _engine;
    private readonly LocalEngineOptions _engineOptions;
    private readonly Action<string, Exception>? _onRunFailed;
    private readonly ConcurrentDictionary<string, Task> _inFlight = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _graceful = new();

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
        if (_graceful.IsCancellationRequested)
        {
            throw new InvalidOperationException("The server is stopping: no new runs.");
        }

        if (await _engine.ApiKeyHolderAsync(cancellationToken) is { } holder)
        {
            throw new RunLaunchConflictException(
                $"The API key is in use by {holder.Describe()}. One run per API key at a time: try again when it has finished.",
                holder.RunId);
        }

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

    /// <summary>
    /// Resumes an unfinished run in the background (<c>POST /runs/{runId}/resume</c>); false when there is no such run.
    /// Refused (<see cref="RunResumeConflictException"/>, nothing called) when it was created against another listing
    /// source than this server's, is finished, or is executing here already.
    /// </summary>
    public async Task<bool> ResumeAsync(string runId, CancellationToken cancellationToken)
    {
        var record = await _engine.Runs.GetAsync(runId, cancellationToken);
        if (record is null)
        {
            return false;
        }

        if (record.Status is not (RunStatus.Queued or RunStatus.Running or RunStatus.Failed or RunStatus.Partial))
        {
            throw new RunResumeConflictException("status", $"Run '{runId}' is {record.Status.ToString().ToUpperInvariant()}: there is nothing to resume.");
        }

        if (record.RegradeOf is null && _engine.SourceProblem(record) is { } problem)
        {
            throw new RunResumeConflictException("source", problem);
        }

        if (_graceful.IsCancellationRequested || !Resume(runId))
        {
            throw new RunResumeConflictException("runId", _graceful.IsCancellationRequested ? "The server is stopping." : $"Run '{runId}' is executing already.");
        }

        return true;
    }

    /// <summary>
    /// Stops gracefully: no new run; the runs in flight finish the agents they are grading (saved, never called again)
    /// and stop, staying RUNNING and resumable. Calls still in flight after <paramref name="grace"/> are cancelled.
    /// </summary>
    public async Task StopAsync(TimeSpan grace, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        await _graceful.CancelAsync();
        var all = Task.WhenAll(_inFlight.Values);
        if (await Task.WhenAny(all, Task.Delay(grace, timeProvider)) != all)
        {
            await _stopping.CancelAsync();
        }

        await all;
    }

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
            await _engine.ExecuteAsync(runId, null, options.Concurrency, _graceful.Token, _stopping.Token);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested || _graceful.IsCancellationRequested)
        {
            // Shutting down: the run stays RUNNING and is resumable.
        }
        catch (RunLeaseHeldException held)
        {
            // Another process (a second serve, a `run --resume`) executes it: nothing done here, the record is theirs.
            _onRunFailed?.Invoke(runId, held);
        }
        catch (ApiKeyLockedException locked)
        {
            // Refused before any call: a fresh run was marked REJECTED with the reason, a resumed one left as it was.
            _onRunFailed?.Invoke(runId, locked);
        }
        catch (RunSourceMismatchException mismatch)
        {
            // Refused before any call; the run stays as it was, for a serve or run --resume against its own source.
            _onRunFailed?.Invoke(runId, mismatch);
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
        await _graceful.CancelAsync();
        await _stopping.CancelAsync();
        await Task.WhenAll(_inFlight.Values);
        _stopping.Dispose();
        _graceful.Dispose();
    }
}
