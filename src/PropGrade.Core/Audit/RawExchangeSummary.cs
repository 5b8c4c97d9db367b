namespace PropGrade.Core.Audit;

/// <summary>
/// What indexing a stored record needs, read without decoding its body (<see cref="RawExchangeSerializer.ReadSummary"/>):
/// the request's <see cref="Url"/>, what the client made of the answer, its status and the agent it was for.
/// </summary>
public sealed record RawExchangeSummary(string Url, string Classification, int? Status, string? AgentId);
