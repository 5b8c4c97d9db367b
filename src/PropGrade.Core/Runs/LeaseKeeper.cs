namespace PropGrade.Core.Runs;

/// <summary>
/// Holds a lease for as long as it is alive: takes it, renews it every third of its time to live (a heartbeat on the
/// injected clock), and releases it when disposed. A renewal that finds the lease taken over (the heartbeat came too late
/// and another owner took the expired lease) fires <see cref="Lost"/>, so the holder stops before it makes another call.
/// A holder that dies simply stops renewing: its lease expires after <see cref="Ttl"/>.
/// </summary>
public sealed class LeaseKeeper : IAsyncDisposable
{
    private readonly ILeaseStore _leases;
    private readonly LeaseHolder _holder;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _lost = new();
    private readonly SemaphoreSlim _renewing = new(1, 1);
    private ITimer? _timer;
    private int _disposed;

    private LeaseKeeper(ILeaseStore leases, string name, LeaseHolder holder, TimeSpan ttl, TimeProvider time)
    {
        _leases = leases;
        Name = name;
        _holder = holder;
        Ttl = ttl;
        _time = time;
    }

    public string Name { get; }

    public TimeSpan Ttl { get; }

    /// <summary>Fires when a heartbeat finds the lease held by another owner.</summary>
    public CancellationToken Lost => _lost.Token;

    /// <summary>Heartbeats that renewed the lease so far.</summary>
    public int Heartbeats { get; private set; }

    /// <summary>Why the last heartbeat could not reach the store (it tries again at the next tick); null when it could.</summary>
    public Exception? LastHeartbeatError { get; private set; }

    /// <summary>Takes <paramref name="name"/> (null, taking nothing, when another owner holds it: <paramref name="holderNow"/> says who).</summary>
    public static async Task<(LeaseKeeper? Keeper, Lease HolderNow)> TryTakeAsync(ILeaseStore leases, string name, LeaseHolder holder, TimeSpan ttl, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(leases);
        ArgumentNullException.ThrowIfNull(holder);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
        var grant = await leases.TryAcquireAsync(name, holder, ttl, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (!grant.Acquired)
        {
            return (null, grant.Current);
        }

        var keeper = new LeaseKeeper(leases, name, holder, ttl, time);
        var period = ttl / 3;
        keeper._timer = time.CreateTimer(static state => _ = ((LeaseKeeper)state!).HeartbeatAsync(), keeper, period, period);
        return (keeper, grant.Current);
    }

    /// <summary>Renews now (what the timer does).</summary>
    public async Task HeartbeatAsync()
    {
        if (Volatile.Read(ref _disposed) != 0 || !await _renewing.WaitAsync(0).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            var grant = await _leases.TryAcquireAsync(Name, _holder, Ttl, _time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
            if (grant.Acquired)
            {
                Heartbeats++;
                LastHeartbeatError = null;
            }
            else
            {
                await _lost.CancelAsync().ConfigureAwait(false);
            }
        }
#pragma warning disable CA1031 // A heartbeat that cannot reach the store tries again at the next tick; the lease expires if none succeeds.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LastHeartbeatError = ex;
        }
        finally
        {
            _renewing.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_timer is not null)
        {
            await _timer.DisposeAsync().ConfigureAwait(false);
        }

        await _renewing.WaitAsync().ConfigureAwait(false);
        try
        {
            await _leases.ReleaseAsync(Name, _holder.OwnerId, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _renewing.Release();
            _renewing.Dispose();
            _lost.Dispose();
        }
    }
}
