using PropGrade.Core.Grading;

namespace PropGrade.Core.Runs;

/// <summary>A started run: its record (RUNNING), its grading plan, what it holds, and what is left to discover.</summary>
/// <param name="ItemCount">How many items discovery saved before (a resume, a regrade; read them with
/// <see cref="IRunWorkspace.ReadItemsAsync"/>); null when discovery must run.</param>
/// <param name="Markets">The markets to discover when <paramref name="ItemCount"/> is null (empty for a roster).</param>
public sealed record RunStart(RunRecord Record, GradingPlan Plan, RunHold Hold, int? ItemCount, IReadOnlyList<string> Markets);
