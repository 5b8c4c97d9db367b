namespace PropGrade.Core.Runs;

/// <summary>
/// How one market's discovery went (the run record's <c>markets</c>): the agents its <c>/agents/list</c> pages named,
/// whether the provider stopped serving it before <c>matching_rows</c> (<see cref="Truncated"/>, with the number of
/// agents not reached), or why it could not be read at all (<see cref="Failed"/>).
/// </summary>
/// <param name="PostalCode">The ZIP code.</param>
/// <param name="MatchingRows">The provider's <c>matching_rows</c>; null when no page was read.</param>
/// <param name="AgentsFound">Agents on the pages read (an agent also found in an earlier market is graded there).</param>
/// <param name="Truncated">True when the provider stopped serving pages before <c>matching_rows</c> (an offset cap).</param>
/// <param name="NotReached">Agents <c>matching_rows</c> promised that were not read (truncated or failed markets).</param>
/// <param name="Failed">The failure's reason (e.g. <c>http_503</c>) when the market could not be discovered after retries; null otherwise.</param>
public sealed record MarketReport(string PostalCode, int? MatchingRows, int AgentsFound, bool Truncated, int NotReached, string? Failed);
