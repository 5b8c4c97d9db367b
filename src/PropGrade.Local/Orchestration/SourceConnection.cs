using PropGrade.Core.Listings;

namespace PropGrade.Local.Orchestration;

/// <summary>A connected listing source and what the engine needs to know about it.</summary>
/// <param name="Source">The live listing source.</param>
/// <param name="Markets">The markets a run grades when its request names none.</param>
/// <param name="ApiToday">The source's "today" (the simulator's configured day; the UTC date for the real API).</param>
/// <param name="Metrics">Wire counters (requests, 429s, retries), when the source keeps them.</param>
/// <param name="Description">Where it points, for the console (never a key).</param>
public sealed record SourceConnection(
    IListingSource Source,
    IReadOnlyList<string> Markets,
    DateOnly ApiToday,
    Func<SourceMetrics>? Metrics,
    string Description);
