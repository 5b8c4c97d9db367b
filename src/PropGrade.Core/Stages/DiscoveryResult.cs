using PropGrade.Core.Runs;

namespace PropGrade.Core.Stages;

/// <summary>The agents to grade, each once, and the discovery requests it took.</summary>
public sealed record DiscoveryResult(IReadOnlyList<AgentWorkItem> Items, int Calls);
