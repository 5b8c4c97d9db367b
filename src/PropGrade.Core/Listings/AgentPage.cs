namespace PropGrade.Core.Listings;

/// <summary>One page of <c>/agents/list</c>. Paging ends when <c>offset &gt;= MatchingRows</c>.</summary>
public sealed record AgentPage(int Offset, int MatchingRows, IReadOnlyList<AgentProfile> Agents);
