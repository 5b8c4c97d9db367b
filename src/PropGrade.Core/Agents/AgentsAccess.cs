using PropGrade.Core.Runs;

namespace PropGrade.Core.Agents;

/// <summary>
/// A run's agents index as <see cref="RunAgentsService.OpenAsync"/> found it: open (<see cref="Reader"/>), or refused
/// with the reason (<see cref="Refusal"/>: the run has not finished, or failed before its exports).
/// </summary>
public sealed record AgentsAccess(RunRecord Run, IRunAgentsReader? Reader, string? Refusal);
