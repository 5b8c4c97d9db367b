using PropGrade.Core.Runs;

namespace PropGrade.Core.Exports;

/// <summary>
/// <c>summary.json</c>: the run's figures. It holds nothing that changes between a run and its regrade (no run
/// id, clock times or API-call counts; those are on the run record), so a regrade reproduces it byte for byte.
/// </summary>
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
    IReadOnlyList<RunWarning>? Warnings = null);
