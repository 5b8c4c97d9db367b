using PropGrade.Core.Grading;

namespace PropGrade.Core.Runs;

/// <summary>A started run: its record (RUNNING), its grading plan, what it holds, and what is left to discover.</summary>
/// <param name="Items">The saved items when discovery finished before (a resume, a regrade); null when it must run.</param>
/// <param name="Markets">The markets to discover when <paramref name="Items"/> is null (empty for a roster).</param>
public sealed record RunStart(RunRecord Record, GradingPlan Plan, RunHold Hold, IReadOnlyList<AgentWorkItem>? Items, IReadOnlyList<string> Markets);
