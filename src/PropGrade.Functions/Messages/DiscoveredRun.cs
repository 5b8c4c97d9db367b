namespace PropGrade.Functions.Messages;

/// <summary>
/// <c>FinishDiscovery</c>'s output: the agents Map's items (<c>items.json</c>) and how the run is graded: <see cref="Workers"/>
/// batches at once (the Map's <c>MaxConcurrencyPath</c>), each with <see cref="InFlight"/> agents in flight at
/// <see cref="Rate"/> requests per second — from the plan's rate and the latency discovery measured
/// (<see cref="Core.Runs.WorkerPlan"/>).
/// </summary>
public sealed record DiscoveredRun(string RunId, string ItemsKey, int Agents, int Workers, int InFlight, double Rate, double LatencyMs);
