using PropGrade.Core.Runs;

namespace PropGrade.Cli.Commands.Bench;

/// <summary>What <c>propgrade bench scale</c> measured for one child process (the run, or its regrade).</summary>
/// <param name="Step"><c>run</c> or <c>regrade</c>.</param>
/// <param name="ExitCode">The child's exit code.</param>
/// <param name="Status">The run record's status (null when the child printed none).</param>
/// <param name="Agents">Agents graded (the record's <c>agentsDone</c>).</param>
/// <param name="WallSeconds">From the child's start to its exit.</param>
/// <param name="PeakRssBytes">The child's peak resident memory (VmHWM); null where it cannot be read (not Linux).</param>
/// <param name="DiskBytes">Bytes under the run's data directory after the step.</param>
/// <param name="ApiCalls">The record's API call count.</param>
/// <param name="AgentCallsServed">Calls the simulator served during the step outside discovery (<c>/agents/*</c> but <c>/agents/list</c>).</param>
/// <param name="DiscoveryCallsServed">The <c>/agents/list</c> calls the simulator served during the step.</param>
/// <param name="MinCalls">The oracle's Σ min_calls for the step (0 for a regrade: it makes no call).</param>
/// <param name="DiscoveryMinCalls">The oracle's discovery calls (0 for a regrade).</param>
/// <param name="ExportsIdentical">For a regrade: its exports byte-identical to the run's (null for the run, or when not compared).</param>
internal sealed record ScaleStepFigures(
    string Step,
    int ExitCode,
    RunStatus? Status,
    int Agents,
    double WallSeconds,
    long? PeakRssBytes,
    long DiskBytes,
    long ApiCalls,
    long AgentCallsServed,
    long DiscoveryCallsServed,
    long MinCalls,
    long DiscoveryMinCalls,
    bool? ExportsIdentical = null)
{
    public double AgentsPerSecond => WallSeconds > 0 ? Agents / WallSeconds : 0;

    public double DiskBytesPerAgent => Agents > 0 ? (double)DiskBytes / Agents : 0;

    /// <summary>Agent calls served equal Σ min_calls and discovery equals the oracle's discovery pages.</summary>
    public bool CallsAtMinimum => AgentCallsServed == MinCalls && DiscoveryCallsServed == DiscoveryMinCalls;

    /// <summary>The child ran to its end (SUCCEEDED, or PARTIAL: agents that are incomplete by rule, e.g. no MLS entry).</summary>
    public bool Completed => ExitCode is Output.ExitCodes.Succeeded or Output.ExitCodes.Partial && Status is RunStatus.Succeeded or RunStatus.Partial;
}
