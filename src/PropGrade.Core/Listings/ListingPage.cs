namespace PropGrade.Core.Listings;

/// <summary>
/// One page of <c>/agents/get-listings</c> for one agent and type. Pages are 1-based. <see cref="Total"/> is the
/// provider's <c>total</c> (all results for the agent and type); <see cref="ResultsRead"/> is the number of results
/// read for this agent and type on pages 1 to <see cref="Page"/> (repeats included). The page size is not a constant.
/// </summary>
public sealed record ListingPage(int Page, int Total, int ResultsRead, IReadOnlyList<Listing> Listings)
{
    /// <summary>
    /// True when no page after this one can hold a result (<c>docs/grading-rules.md</c>, "The last page"): the page is
    /// empty, or the results read so far reach <see cref="Total"/>.
    /// </summary>
    public bool IsLast => Listings.Count == 0 || ResultsRead >= Total;
}
