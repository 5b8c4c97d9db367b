using PropGrade.Core.Stages;

namespace PropGrade.Core.Runs;

/// <summary>
/// The end of discovery: how many items were saved for the fan-out (read them with
/// <see cref="IRunWorkspace.ReadItemsAsync"/>), the discovery requests, the markets' reports, and the wire latency the discovery
/// pages showed (what the grading workers are sized from; <see cref="WorkerPlan.AssumedLatency"/> when none was measured).
/// </summary>
public sealed record DiscoveryOutcome(int ItemCount, int Calls, IReadOnlyList<MarketReport> Markets, TimeSpan Latency);
