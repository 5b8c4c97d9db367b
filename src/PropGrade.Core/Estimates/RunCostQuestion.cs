namespace PropGrade.Core.Estimates;

/// <summary>The size of the run to price.</summary>
/// <param name="Agents">Agents expected.</param>
/// <param name="ApiCalls">Listing-API calls expected, discovery included.</param>
/// <param name="DiscoveryCalls">Of those, discovery calls (agents/list pages).</param>
/// <param name="RequestsPerSecond">The configured request rate.</param>
public sealed record RunCostQuestion(long Agents, long ApiCalls, long DiscoveryCalls, double RequestsPerSecond);
