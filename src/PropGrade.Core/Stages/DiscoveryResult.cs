using PropGrade.Core.Runs;

namespace PropGrade.Core.Stages;

/// <summary>
/// The agents to grade, each once, the discovery requests it took, and how each market went (empty for a roster).
/// </summary>
public sealed record DiscoveryResult(IReadOnlyList<AgentWorkItem> Items, int Calls, IReadOnlyList<MarketReport> Markets)
{
    /// <summary>True when a market could not be discovered: the run can at best be PARTIAL.</summary>
    public bool AnyMarketFailed => Markets.Any(m => m.Failed is not null);
}
