using PropGrade.Core.Stages;

namespace PropGrade.Core.Runs;

/// <summary>
/// Where a batch of agents stands, saved in the run's workspace at every checkpoint (after the checkpoint's raw group
/// and results): the agents finished and saved, the agents stopped between pages with their state so far, and how
/// often an invocation of the batch died. Whatever invocation comes next — the continuation of a time-budgeted one, a
/// retry after a crash or timeout, a redrive — starts from here, so no finished agent is asked for again and a stopped
/// agent goes on from its next page.
/// </summary>
/// <param name="BatchKey">The batch.</param>
/// <param name="Checkpoint">Checkpoints committed so far (the next raw group and results object carry this number).</param>
/// <param name="DoneIds">Advertiser ids of the agents finished and saved.</param>
/// <param name="Partial">Agents stopped between pages (time budget), with their state so far; empty when none.</param>
/// <param name="Failures">Invocations of this batch that failed (crash, Lambda timeout) and were recorded.</param>
/// <param name="Done">Every agent of the batch is saved.</param>
public sealed record BatchProgress(
    string BatchKey,
    int Checkpoint,
    IReadOnlyList<string> DoneIds,
    IReadOnlyList<AgentState> Partial,
    int Failures,
    bool Done)
{
    /// <summary>A batch nothing was done for yet.</summary>
    public static BatchProgress Empty(string batchKey) => new(batchKey, 0, [], [], 0, false);
}
