using PropGrade.Core.Stages;

namespace PropGrade.Core.Runs;

/// <summary>
/// The end of discovery: the items saved for the fan-out, the markets' reports, and the wire latency the discovery
/// pages showed (what the grading workers are sized from; <see cref="WorkerPlan.AssumedLatency"/> when none was measured).
/// </summary>
public sealed record DiscoveryOutcome(IReadOnlyList<AgentWorkItem> Items, DiscoveryResult Discovery, TimeSpan Latency);
