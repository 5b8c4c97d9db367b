namespace PropGrade.Core.Runs;

/// <summary>The run was not QUEUED when its start came (a repeated launch event): nothing is started again.</summary>
public sealed class RunAlreadyStartedException(string runId, RunStatus status)
    : Exception($"Run '{runId}' is {status.ToString().ToUpperInvariant()}, not QUEUED; not starting it again.")
{
    public string RunId { get; } = runId;
}
