namespace PropGrade.Functions.Messages;

/// <summary>
/// <c>StartRun</c>'s output: the run, where the discovery Map's markets are (<c>markets.json</c>, a JSON array of ZIPs),
/// how many, and how discovery is paced: <see cref="DiscoveryWorkers"/> markets at once (the Map's
/// <c>MaxConcurrencyPath</c>), each at <see cref="DiscoveryRate"/> requests per second.
/// </summary>
public sealed record StartedRun(string RunId, string MarketsKey, int Markets, int DiscoveryWorkers, double DiscoveryRate);
