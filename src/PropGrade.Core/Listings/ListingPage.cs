namespace PropGrade.Core.Listings;

/// <summary>
/// One page of <c>/agents/get-listings</c> for one agent and type. Pages are 1-based. <see cref="Total"/> is the
/// provider's <c>total</c> (all results for the agent and type). The page size is not a constant: a page holds what it
/// holds, and whether it is the last one depends on what the agent's earlier pages held (<see cref="IsLast"/>).
/// </summary>
public sealed record ListingPage(int Page, int Total, IReadOnlyList<Listing> Listings)
{
    /// <summary>
    /// True when no page after this one can hold a new result (<c>docs/grading-rules.md</c>, "The last page"): the page
    /// is empty, or the number of <b>distinct</b> listing ids read for this agent and type on pages 1 to
    /// <see cref="Page"/> reaches <see cref="Total"/>. Never a page size, never the raw sum of the pages' counts (a
    /// repeated listing would end the paging one listing early).
    /// </summary>
    /// <param name="distinctIdsRead">Distinct listing ids read for this agent and type, this page included.</param>
    public bool IsLast(int distinctIdsRead) => Listings.Count == 0 || distinctIdsRead >= Total;
}
