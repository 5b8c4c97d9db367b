namespace PropGrade.ListingApi.Probe;

/// <summary>The <c>--audit-bound N</c> result: per agent and in total.</summary>
/// <param name="WindowStart">The profile window's first day (today - 12 calendar months).</param>
/// <param name="WindowEnd">The API's today.</param>
/// <param name="AgentsAsked">N.</param>
/// <param name="Agents">The agents audited.</param>
/// <param name="BoundHeld">Agents for which the profile bound held.</param>
/// <param name="OrderHeld">Agents whose every page was newest first.</param>
/// <param name="Pages">forSold pages read by the audit (first pages read earlier included).</param>
/// <param name="Summary">The above in one line.</param>
public sealed record AuditReport(
    DateOnly WindowStart,
    DateOnly WindowEnd,
    int AgentsAsked,
    IReadOnlyList<AgentAudit> Agents,
    int BoundHeld,
    int OrderHeld,
    int Pages,
    string Summary);
