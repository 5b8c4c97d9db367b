using PropGrade.Core.Exports;

namespace PropGrade.Core.Agents;

/// <summary>
/// A finished run's results at a glance (<c>GET /runs/{runId}/breakdown</c>): per market, and the top movers — agents
/// who moved up, and who moved down (into a lower tier or out of every tier), highest volume first.
/// </summary>
/// <param name="Tiers">The tier names in plan order, then Unranked.</param>
/// <param name="Markets">One entry per market, most agents first.</param>
/// <param name="MovedUp">Up to <see cref="TopMovers"/> agents whose movement is <c>up</c>.</param>
/// <param name="MovedDown">Up to <see cref="TopMovers"/> agents whose movement is <c>down</c>.</param>
public sealed record RunBreakdown(
    IReadOnlyList<string> Tiers,
    IReadOnlyList<MarketBreakdown> Markets,
    IReadOnlyList<GradedRow> MovedUp,
    IReadOnlyList<GradedRow> MovedDown)
{
    /// <summary>How many movers each list holds at most.</summary>
    public const int TopMovers = 5;
}
