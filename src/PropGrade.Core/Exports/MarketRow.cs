namespace PropGrade.Core.Exports;

/// <summary>
/// One line of the workbook's <c>Markets</c> sheet: a ZIP code's discovery (agents found, truncated or failed, from
/// the run record's <c>markets</c>) and how its graded agents fell into the tiers.
/// </summary>
/// <param name="PostalCode">The ZIP code (text: leading zeros kept); empty for agents of a roster without a market.</param>
/// <param name="AgentsFound">Agents its <c>/agents/list</c> pages named (null for a roster).</param>
/// <param name="Graded">Agents graded under this market (an agent found in several markets is graded under the first).</param>
/// <param name="TierCounts">Graded agents per tier (every tier of the plan and Unranked), whatever their completeness.</param>
/// <param name="Incomplete">Of those, the incomplete ones.</param>
/// <param name="Truncated">True when the provider stopped serving the market before <c>matching_rows</c>.</param>
/// <param name="NotReached">Agents <c>matching_rows</c> promised that were not read.</param>
/// <param name="Failed">Why the market could not be discovered, when it could not.</param>
public sealed record MarketRow(
    string PostalCode,
    int? AgentsFound,
    int Graded,
    IReadOnlyDictionary<string, int> TierCounts,
    int Incomplete,
    bool Truncated,
    int NotReached,
    string? Failed);
