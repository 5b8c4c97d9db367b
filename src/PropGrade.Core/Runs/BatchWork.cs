namespace PropGrade.Core.Runs;

/// <summary>
/// How one call of <see cref="RunLifecycle.GradeBatchAsync"/> works through a batch. Locally: one agent at a time, no
/// budget, one checkpoint (the batch). On AWS: several agents in flight sharing the worker's limiter, a time budget
/// from the function's timeout, checkpoints as agents finish.
/// </summary>
public sealed record BatchWork
{
    /// <summary>Agents graded at the same time (each one's pages in order). Default 1.</summary>
    public int InFlight { get; init; } = 1;

    /// <summary>
    /// The soft deadline, from the call's start: after it no agent is started and agents in flight stop before their
    /// next page (their state is saved; they go on from that page next time, asking nothing twice). Null: none.
    /// </summary>
    public TimeSpan? Budget { get; init; }

    /// <summary>
    /// The hard deadline, from the call's start: requests still in flight are cancelled so that the call can save what
    /// it finished before the function's timeout; their agents restart from their last saved state. Null: none.
    /// </summary>
    public TimeSpan? HardStop { get; init; }

    /// <summary>
    /// A graceful stop (Ctrl+C, SIGTERM locally): once cancelled no further agent is started; the agents in flight finish
    /// and are saved at the call's last checkpoint. (Locally a resume re-chunks the pending agents into new batches, so a
    /// partial agent state kept under this call's batch key would not be found again: finishing them repeats no call.)
    /// Default: none.
    /// </summary>
    public CancellationToken Stopping { get; init; }

    /// <summary>A checkpoint (raw group, results, progress, counters) once this many agents finished since the last. Default: only at the end.</summary>
    public int CheckpointAgents { get; init; } = int.MaxValue;

    /// <summary>Whether the source makes API calls (false for a regrade's replay: no breaker, no call counts). Default true.</summary>
    public bool MakesApiCalls { get; init; } = true;

    /// <summary>Throws when a value is out of range.</summary>
    public BatchWork Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(InFlight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(CheckpointAgents, 1);
        if (Budget is { } budget && HardStop is { } hard && hard < budget)
        {
            throw new ArgumentOutOfRangeException(nameof(HardStop), "HardStop must not come before Budget.");
        }

        return this;
    }
}
