namespace PropGrade.Core.Agents;

/// <summary>One market of a run's breakdown: its graded agents by tier, how many are incomplete, and their movement.</summary>
/// <param name="Market">The ZIP (empty for roster agents, who have none).</param>
/// <param name="Agents">Graded agents under this market.</param>
/// <param name="Tiers">Agents per tier (every tier of the plan and Unranked, zeros included), in plan order.</param>
/// <param name="Incomplete">Incomplete agents.</param>
/// <param name="Movement">Agents per movement (<c>up</c>, <c>down</c>, <c>same</c>, <c>new</c>) when the run was compared with another.</param>
public sealed record MarketBreakdown(
    string Market,
    long Agents,
    IReadOnlyDictionary<string, long> Tiers,
    long Incomplete,
    IReadOnlyDictionary<string, long> Movement);
