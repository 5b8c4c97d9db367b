using System.Collections.Concurrent;
using PropGrade.Core.Runs;

namespace PropGrade.Local.Orchestration;

/// <summary>
/// What a local run holds while it executes: its own lease <c>run:{runId}</c> (one executor per run: a second
/// <c>run --resume</c> or <c>serve</c> on the same data directory is refused, naming the holder), and, against a real API,
/// the API key's lock <c>apikey:{api base}</c>, held by this engine for as long as any of its runs executes (its runs
/// share one client and its limiter, so together they stay within the rate; another process is refused). Both are
/// renewed by a heartbeat and expire when the process dies.
/// </summary>
internal sealed class LocalRunGuard(ILeaseStore leases, LocalExecutor executor, string? keySource, TimeSpan ttl, TimeProvider time) : IRunGuard, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Held> _runs = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _keyGate = new(1, 1);
    private LeaseKeeper? _key;
    private int _keyUsers;

    public async Task<RunHold> AcquireAsync(string runId, CancellationToken cancellationToken)
    {
        var holder = new LeaseHolder(executor.Id, executor.Description, runId);
        if (_runs.TryGetValue(runId, out var already))
        {
            throw new RunLeaseHeldException(runId, already.Current);
        }

        var (run, current) = await LeaseKeeper.TryTakeAsync(leases, LeaseNames.Run(runId), holder, ttl, time, cancellationToken).ConfigureAwait(false);
        if (run is null)
        {
            throw new RunLeaseHeldException(runId, current);
        }

        LeaseKeeper? key = null;
        if (keySource is not null)
        {
            await _keyGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (_keyUsers == 0)
                {
                    var (taken, keyHolder) = await LeaseKeeper.TryTakeAsync(leases, LeaseNames.ApiKey(keySource), holder, ttl, time, cancellationToken).ConfigureAwait(false);
                    if (taken is null)
                    {
                        await run.DisposeAsync().ConfigureAwait(false);
                        throw new ApiKeyLockedException(runId, keyHolder);
                    }

                    _key = taken;
                }

                _keyUsers++;
                key = _key;
            }
            finally
            {
                _keyGate.Release();
            }
        }

        var lost = key is null
            ? CancellationTokenSource.CreateLinkedTokenSource(run.Lost)
            : CancellationTokenSource.CreateLinkedTokenSource(run.Lost, key.Lost);
        var held = new Held(run, new Lease(run.Name, executor.Id, executor.Description, runId, time.GetUtcNow(), time.GetUtcNow(), time.GetUtcNow() + ttl), lost, key is not null);
        if (!_runs.TryAdd(runId, held))
        {
            await ReleaseHeldAsync(held).ConfigureAwait(false);
            throw new RunLeaseHeldException(runId, held.Current);
        }

        return new RunHold(lost.Token);
    }

    public async Task ReleaseAsync(string runId, CancellationToken cancellationToken)
    {
        if (_runs.TryRemove(runId, out var held))
        {
            await ReleaseHeldAsync(held).ConfigureAwait(false);
        }
    }

    /// <summary>Releases whatever is still held (runs cancelled by shutdown stay RUNNING and resumable).</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var runId in _runs.Keys.ToList())
        {
            await ReleaseAsync(runId, CancellationToken.None).ConfigureAwait(false);
        }

        _keyGate.Dispose();
    }

    private async Task ReleaseHeldAsync(Held held)
    {
        held.Lost.Dispose();
        await held.Run.DisposeAsync().ConfigureAwait(false);
        if (!held.UsesKey)
        {
            return;
        }

        await _keyGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (--_keyUsers == 0 && _key is not null)
            {
                await _key.DisposeAsync().ConfigureAwait(false);
                _key = null;
            }
        }
        finally
        {
            _keyGate.Release();
        }
    }

    private sealed record Held(LeaseKeeper Run, Lease Current, CancellationTokenSource Lost, bool UsesKey);
}
