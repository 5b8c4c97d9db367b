namespace PropGrade.Core.Runs;

/// <summary>
/// One active run per API key, held by the run itself (AWS: the run's workers share no process, so the run id is the
/// owner): the lease <c>apikey:{source}</c>, taken when the run starts, renewed by every worker invocation (so a redriven
/// run takes it back, and a lock nobody renews for <see cref="Ttl"/> frees itself), released at every end.
/// </summary>
public sealed class ApiKeyLock(ILeaseStore leases, string keySource, TimeSpan ttl, TimeProvider time) : IRunGuard
{
    private readonly ILeaseStore _leases = leases ?? throw new ArgumentNullException(nameof(leases));
    private readonly TimeProvider _time = time ?? throw new ArgumentNullException(nameof(time));

    /// <summary>The lease's name.</summary>
    public string Name { get; } = LeaseNames.ApiKey(keySource);

    /// <summary>How long the lock outlives its last renewal.</summary>
    public TimeSpan Ttl { get; } = ttl > TimeSpan.Zero ? ttl : throw new ArgumentOutOfRangeException(nameof(ttl));

    public async Task<RunHold> AcquireAsync(string runId, CancellationToken cancellationToken)
    {
        var grant = await _leases.TryAcquireAsync(Name, new LeaseHolder(runId, "run " + runId, runId), Ttl, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return grant.Acquired ? RunHold.Unbounded : throw new ApiKeyLockedException(runId, grant.Current);
    }

    public Task ReleaseAsync(string runId, CancellationToken cancellationToken) => _leases.ReleaseAsync(Name, runId, cancellationToken);

    /// <summary>Who holds the key now (null when free or expired): what a launch checks before it queues a run.</summary>
    public async Task<Lease?> HolderAsync(CancellationToken cancellationToken)
    {
        var lease = await _leases.GetAsync(Name, cancellationToken).ConfigureAwait(false);
        return lease is null || lease.IsExpired(_time.GetUtcNow()) ? null : lease;
    }
}
