namespace PropGrade.Core.Listings;

/// <summary>
/// One page of <c>/agents/list</c>: the agents at <see cref="Offset"/>, asked with <see cref="Limit"/> (the next page is
/// at <c>Offset + Limit</c>). Paging ends when that reaches <see cref="MatchingRows"/>.
/// </summary>
public sealed record AgentPage(int Offset, int Limit, int MatchingRows, IReadOnlyList<AgentProfile> Agents);
