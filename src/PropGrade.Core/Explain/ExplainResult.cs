namespace PropGrade.Core.Explain;

/// <summary>An explanation, or why there is none.</summary>
public sealed record ExplainResult(ExplainStatus Status, string? Message, AgentExplanation? Explanation)
{
    public static ExplainResult Refused(ExplainStatus status, string message) => new(status, message, null);
}
