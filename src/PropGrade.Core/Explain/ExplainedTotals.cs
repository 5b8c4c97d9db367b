namespace PropGrade.Core.Explain;

/// <summary>The figures the explained listings add up to (the graded row's figures, when they match).</summary>
public sealed record ExplainedTotals(
    decimal SoldVolume,
    decimal SoldSides,
    decimal ActiveVolume,
    decimal ActiveCount,
    int UndisclosedSales,
    int UnknownSides,
    int PagesRead);
