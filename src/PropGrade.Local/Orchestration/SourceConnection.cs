using System.Collections.Frozen;
using PropGrade.Core.Estimates;
using PropGrade.Core.Listings;
using PropGrade.Core.Runs;

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
    string Description)
{
    /// <summary>The city and state of the markets, by ZIP, when the source names them (the simulator does); else empty.</summary>
    public IReadOnlyDictionary<string, MarketPlace> MarketPlaces { get; init; } = FrozenDictionary<string, MarketPlace>.Empty;

    /// <summary>The client's configured request rate (what an estimate's duration assumes); 0 when unknown.</summary>
    public double RequestsPerSecond { get; init; }

    /// <summary>The plan's quota as the last response reported it, when the source tracks it.</summary>
    public Func<QuotaSnapshot?>? Quota { get; init; }
}
