namespace PropGrade.ListingApi.Probe;

/// <summary>What the <c>/agents/list</c> pages showed.</summary>
/// <param name="Market">The ZIP code probed.</param>
/// <param name="MatchingRows">The first page's <c>matching_rows</c>.</param>
/// <param name="PagesRead">Pages read and mapped.</param>
/// <param name="AgentsRead">Agents on those pages.</param>
/// <param name="AgentsWithoutMls">Agents with no usable MLS entry (they cannot be paged: <c>no_mls_id</c>).</param>
/// <param name="FirstPageSize">Agents on the first page (limit 20).</param>
/// <param name="OffsetPaging"><c>works</c>, <c>capped</c> (the provider refused the offset: markets would be truncated), <c>ignored</c> (the same agents again), <c>not checked</c> or <c>failed</c>.</param>
/// <param name="OffsetDetail">What was seen.</param>
public sealed record DiscoveryReport(
    string Market,
    int? MatchingRows,
    int PagesRead,
    int AgentsRead,
    int AgentsWithoutMls,
    int? FirstPageSize,
    string OffsetPaging,
    string OffsetDetail);
