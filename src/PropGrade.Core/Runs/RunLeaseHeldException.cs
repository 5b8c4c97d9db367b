namespace PropGrade.Core.Runs;

/// <summary>
/// Another executor holds the run's lease (a second <c>run --resume</c>, or a second <c>serve</c> on the same data
/// directory): nothing is done here. The lease expires when its holder stops renewing it.
/// </summary>
public sealed class RunLeaseHeldException(string runId, Lease holder)
    : Exception($"Run '{runId}' is being executed by {holder?.Describe()}; nothing was done. Try again once that process has stopped (its lease expires after it stops renewing it).")
{
    public string RunId { get; } = runId;

    public Lease Holder { get; } = holder ?? throw new ArgumentNullException(nameof(holder));
}
