namespace PropGrade.Core.Exports;

/// <summary>
/// The workbook's sheets beyond the tiers: <c>Markets</c> (tier counts per ZIP, truncated and failed markets),
/// <c>Dropped</c> (agents who left the selected tiers since the comparable previous run) and <c>Incomplete</c> (every
/// incomplete agent, whatever its tier so far). Held in memory: one line per market, per dropped and per incomplete
/// agent, a small share of a run's agents.
/// </summary>
/// <param name="Markets">One line per market, in request order; for a roster, one per market its agents were graded under.</param>
/// <param name="Dropped">Dropped agents, highest previous tier first, then by previous volume.</param>
/// <param name="Incomplete">Every incomplete agent, by tier so far, then volume.</param>
public sealed record ExportDetails(
    IReadOnlyList<MarketRow> Markets,
    IReadOnlyList<DroppedRow> Dropped,
    IReadOnlyCollection<GradedRow> Incomplete)
{
    /// <summary>No markets, nobody dropped, nobody incomplete (the sheets are written with their headers only).</summary>
    public static ExportDetails Empty { get; } = new([], [], []);
}
