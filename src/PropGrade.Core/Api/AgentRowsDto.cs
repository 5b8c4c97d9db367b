using PropGrade.Core.Exports;

namespace PropGrade.Core.Api;

/// <summary><c>200</c> answer of <c>GET /runs/{runId}/agents</c>: the matching rows' count and one page of them.</summary>
/// <param name="Total">Rows matching the filters and search.</param>
/// <param name="Page">The page (1-based).</param>
/// <param name="PageSize">Rows per page.</param>
/// <param name="Sort">The sort applied (<c>-</c> in front: descending).</param>
/// <param name="Rows">The page's graded rows.</param>
internal sealed record AgentRowsDto(long Total, int Page, int PageSize, string Sort, IReadOnlyList<GradedRow> Rows);
