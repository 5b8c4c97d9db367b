using PropGrade.Core.Runs;

namespace PropGrade.Core.Exports;

/// <summary>
/// <c>summary.json</c>: the run's figures. It holds nothing that changes between a run and its regrade (no run
/// id, clock times or API-call counts; those are on the run record), so a regrade reproduces it byte for byte.
/// </summary>
/// <param name="Request">The request, its window as graded (a rolling window resolved at the API's today).</param>
/// <param name="Movement">Movement counts (<c>new</c>, <c>up</c>, <c>down</c>, <c>same</c>); empty without a comparable previous run.</param>
/// <param name="PreviousRunId">The comparable previous run compared with; null when none.</param>
/// <param name="Comparison">Which run and window the movement was measured against, or that there was none.</param>
/// <param name="AgentsDropped">Agents of the previous run's selected tiers who are not in them now (the Dropped sheet).</param>
public sealed record RunSummary(
    RunRequest Request,
    DateOnly ApiToday,
    int AgentsDiscovered,
    int AgentsGraded,
    int AgentsComplete,
    int AgentsIncomplete,
    int AgentsSkipped,
    int AgentsExported,
    IReadOnlyDictionary<string, int> TierCounts,
    IReadOnlyDictionary<string, int> IncompleteReasons,
    IReadOnlyDictionary<string, int> Movement,
    string? PreviousRunId,
    int UndisclosedSales = 0,
    IReadOnlyList<MarketReport>? Markets = null,
    IReadOnlyList<RunWarning>? Warnings = null,
    RunComparison? Comparison = null,
    int AgentsDropped = 0);
