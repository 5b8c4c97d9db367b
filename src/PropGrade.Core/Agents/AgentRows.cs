using PropGrade.Core.Exports;

namespace PropGrade.Core.Agents;

/// <summary>One page of a run's graded agents: how many match the filters and search, and the page's rows.</summary>
public sealed record AgentRows(long Total, IReadOnlyList<GradedRow> Rows);
