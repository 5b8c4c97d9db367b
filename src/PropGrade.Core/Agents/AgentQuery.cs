namespace PropGrade.Core.Agents;

/// <summary>
/// One page of a run's graded agents (<c>GET /runs/{runId}/agents</c>): filters, a search, a sort and the page.
/// Filters left null match everything. Parsed and checked by <see cref="AgentQueryParser"/>.
/// </summary>
/// <param name="Tier">Only this tier (a tier name or <c>Unranked</c>).</param>
/// <param name="Market">Only agents graded under this ZIP.</param>
/// <param name="Movement">Only this movement: <c>up</c>, <c>down</c>, <c>same</c>, <c>new</c>, or <c>none</c> (no comparison).</param>
/// <param name="Incomplete">True: only incomplete agents; false: only complete ones.</param>
/// <param name="Search">Text searched (case-insensitively, anywhere) in the name, office, advertiser id and city.</param>
/// <param name="Sort">One of <see cref="AgentSortKeys.All"/>; <see cref="AgentSortKeys.Default"/> is the export order.</param>
/// <param name="Descending">Reverses the sort (ties stay in export order).</param>
/// <param name="Page">1-based.</param>
/// <param name="PageSize">Rows per page, 1..<see cref="AgentQueryParser.MaxPageSize"/>.</param>
public sealed record AgentQuery(
    string? Tier = null,
    string? Market = null,
    string? Movement = null,
    bool? Incomplete = null,
    string? Search = null,
    string Sort = AgentSortKeys.Default,
    bool Descending = false,
    int Page = 1,
    int PageSize = AgentQueryParser.DefaultPageSize)
{
    /// <summary>Rows skipped before the page.</summary>
    public long Offset => (long)(Page - 1) * PageSize;
}
