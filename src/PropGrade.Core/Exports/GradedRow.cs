namespace PropGrade.Core.Exports;

/// <summary>One row of <c>graded.csv</c> / <c>graded.xlsx</c>: an agent graded into a selected tier.</summary>
/// <param name="Movement"><c>new</c>, <c>up</c>, <c>down</c>, <c>same</c> versus the previous run over the same markets; empty when there is none.</param>
public sealed record GradedRow(
    long AdvertiserId,
    long FulfillmentId,
    string Name,
    string? Office,
    string Tier,
    decimal SoldVolume,
    decimal SoldSides,
    decimal ActiveVolume,
    decimal ActiveCount,
    string? InitialTier,
    bool Complete,
    string StopReason,
    int PagesFetched,
    string Movement,
    string? Market);
