namespace PropGrade.Core.Runs;

/// <summary>How a run may start.</summary>
/// <param name="From">The statuses it may start from: QUEUED for a launch; also RUNNING, FAILED and PARTIAL for a local resume.</param>
/// <param name="ApiToday">The source's "today", recorded when the run has none yet.</param>
/// <param name="RejectWhenLocked">
/// A run refused because another run holds its API key ends REJECTED with the reason (a launch); otherwise it is left as
/// it was (a resume: try again later).
/// </param>
public sealed record RunStartOptions(IReadOnlyCollection<RunStatus> From, DateOnly ApiToday, bool RejectWhenLocked)
{
    /// <summary>What a fresh launch may start from.</summary>
    public static IReadOnlyCollection<RunStatus> Launch { get; } = [RunStatus.Queued];

    /// <summary>What a local execution may start from (a resume included).</summary>
    public static IReadOnlyCollection<RunStatus> Resumable { get; } = [RunStatus.Queued, RunStatus.Running, RunStatus.Failed, RunStatus.Partial];
}
