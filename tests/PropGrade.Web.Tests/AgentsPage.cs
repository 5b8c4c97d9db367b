namespace PropGrade.Web.Tests;

/// <summary>One page of <c>GET /runs/{runId}/agents</c>, as much as the browser tests compare.</summary>
public sealed record AgentsPage(long Total, IReadOnlyList<AgentsPageRow> Rows);
