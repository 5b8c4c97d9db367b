using PropGrade.Core.Grading;

namespace PropGrade.Core.Stages;

/// <summary>
/// A batch of agents between stages (the Distributed Map's ItemBatcher batch on AWS; a unit of saving locally).
/// </summary>
public sealed record StageBatch(string RunId, GradingPlan Plan, IReadOnlyList<AgentState> Agents);
