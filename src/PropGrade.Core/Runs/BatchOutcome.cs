namespace PropGrade.Core.Runs;

/// <summary>What one call of <see cref="RunLifecycle.GradeBatchAsync"/> did.</summary>
/// <param name="Progress">The batch's saved progress afterwards (<see cref="BatchProgress.Done"/>: nothing left).</param>
/// <param name="Finished">Agents finished and saved by this call.</param>
/// <param name="Stopped">Agents this call stopped between pages (time budget); they go on next time.</param>
/// <param name="NotStarted">Agents this call did not start (time budget or breaker).</param>
/// <param name="Calls">Listing-API requests this call made for the agents it finished.</param>
/// <param name="Incomplete">Finished agents that ended incomplete.</param>
public sealed record BatchOutcome(BatchProgress Progress, int Finished, int Stopped, int NotStarted, long Calls, int Incomplete)
{
    public bool Done => Progress.Done;
}
