namespace PropGrade.Core.Runs;

/// <summary>
/// What a run must hold while it executes: one active run per API key (both shapes) and, locally, one executor per run.
/// <see cref="RunLifecycle"/> acquires it when a run starts (and when a worker goes on with it) and releases it at every
/// end. Acquiring again for the same run renews.
/// </summary>
public interface IRunGuard
{
    /// <summary>
    /// Takes (or renews) what <paramref name="runId"/> needs before any API call. Throws <see cref="ApiKeyLockedException"/>
    /// or <see cref="RunLeaseHeldException"/> naming the holder, having taken nothing.
    /// </summary>
    Task<RunHold> AcquireAsync(string runId, CancellationToken cancellationToken);

    /// <summary>Gives up what <paramref name="runId"/> holds (idempotent; nothing when it holds nothing).</summary>
    Task ReleaseAsync(string runId, CancellationToken cancellationToken);
}
