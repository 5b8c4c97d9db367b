namespace PropGrade.Functions.Workflow;

/// <summary>
/// HOOK for the one-active-run-per-API-key lock (issue 10, item 4; not built yet): releases the lock a run holds.
/// The run-ended handler calls it at every unsuccessful end (FAILED, TIMED_OUT, ABORTED), whether or not it had to
/// change the run record, so a run that dies in any way never keeps its key locked. Must be idempotent.
/// </summary>
internal interface IApiKeyLockRelease
{
    Task ReleaseAsync(string runId, CancellationToken cancellationToken);
}
